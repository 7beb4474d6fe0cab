package com.example.storeapp;

import io.sunco.oauth.boot.ConnectedAppOfRequest;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.webflux.FlowAttributes;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * An application that keeps its connected apps in PostgreSQL, as the connected apps guide's "Spring
 * Boot" section has it: {@code sunco.oauth.store=postgres}, a key file, Boot's own R2DBC {@code
 * ConnectionFactory} from {@code spring.r2dbc.url} (spring-boot-starter-r2dbc), and what only the
 * application knows: who the user of a request is (here the {@code X-User} header stands for the
 * application's session) and so which app a request may disconnect. No connection factory, token
 * sink or route is wired by hand. In a package of its own, so that {@link
 * com.example.bootapp.BootApp}'s component scan never finds it.
 */
@SpringBootApplication
public class StoreApp {

  /** The flow's attribute that names the application's user. */
  static final String USER = "user";

  /** The form field of a disconnect request that names the app. */
  static final String APP_ID = "appId";

  /**
   * Each flow records the user who started it (the attribute {@value #USER}, which the disconnect
   * route's check below reads); the callback must come from the same user.
   */
  @Bean
  FlowAttributes flowAttributes() {
    return FlowAttributes.ofUser(
        USER, request -> Mono.justOrEmpty(request.headers().firstHeader("X-User")));
  }

  /** A user may disconnect the app the form names, and only if they connected it. */
  @Bean
  ConnectedAppOfRequest appOfRequest(ConnectedAppStore store) {
    return request ->
        Mono.zip(
                Mono.justOrEmpty(request.headers().firstHeader("X-User")),
                request.formData().mapNotNull(form -> form.getFirst(APP_ID)))
            .flatMap(
                userAndApp ->
                    store
                        .find(userAndApp.getT2())
                        .filter(app -> userAndApp.getT1().equals(app.attributes().get(USER))))
            .map(ConnectedAppRecord::appId);
  }
}
