package com.example.storeapp;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.sunco.oauth.boot.ConnectedAppOfRequest;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.webflux.FlowAttributes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * An application that keeps its connected apps in PostgreSQL, as the connected apps guide's "Spring
 * Boot" section has it: {@code sunco.oauth.store=postgres}, a key file, its R2DBC {@code
 * ConnectionFactory}, and what only the application knows: who the user of a request is (here the
 * {@code X-User} header stands for the application's session) and so which app a request may
 * disconnect. No token sink and no route is wired by hand. In a package of its own, so that {@link
 * com.example.bootapp.BootApp}'s component scan never finds it.
 */
@SpringBootApplication
public class StoreApp {

  /** The flow's attribute that names the application's user. */
  static final String USER = "user";

  /** The application's database; {@code app.r2dbc-url} stands for its configuration. */
  @Bean
  ConnectionFactory connectionFactory(@Value("${app.r2dbc-url}") String url) {
    return ConnectionFactories.get(url);
  }

  /** Each flow remembers the user who started it; the callback must come from the same user. */
  @Bean
  FlowAttributes flowAttributes() {
    return FlowAttributes.ofUser(
        USER, request -> Mono.justOrEmpty(request.headers().firstHeader("X-User")));
  }

  /** A user may disconnect the app they connected. */
  @Bean
  ConnectedAppOfRequest appOfRequest(ConnectedAppStore store) {
    return request ->
        Mono.justOrEmpty(request.headers().firstHeader("X-User"))
            .flatMap(user -> store.findByAttribute(USER, user).next())
            .map(ConnectedAppRecord::appId);
  }
}
