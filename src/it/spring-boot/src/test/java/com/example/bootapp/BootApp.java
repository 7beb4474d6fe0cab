package com.example.bootapp;

import io.sunco.oauth.webflux.ConnectedApp;
import io.sunco.oauth.webflux.TokenSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * A Boot application as the README's "Use it in Spring Boot" has it: the dependency, the {@code
 * sunco.oauth.*} properties and one {@link TokenSink} bean; nothing else is wired by hand. It has
 * no database: Boot's R2DBC auto-configuration, on the class path for {@link
 * com.example.storeapp.StoreApp} beside it, is left out, as an application without the R2DBC
 * starter never has it.
 */
@SpringBootApplication(
    excludeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
public class BootApp {

  /** What the sink was handed, for the tests to look at. */
  public static final List<ConnectedApp> SAVED = new CopyOnWriteArrayList<>();

  @Bean
  TokenSink tokenSink() {
    return connected -> Mono.fromRunnable(() -> SAVED.add(connected));
  }
}
