package example;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.webflux.ConnectedApp;
import io.sunco.oauth.webflux.TokenSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The README's "Use it in Spring Boot" {@code TokenSink} bean, compiled in a configuration class
 * with a small {@link TokenRepository} (the application's own store) and checked in a Spring
 * context. The Boot flow itself has its own tests ({@code io.sunco.oauth.boot}).
 */
class BootTokenSinkExampleTest {

  /** The application's own store of tokens, as the README's bean assumes one. */
  interface TokenRepository {
    Mono<Void> save(String appId, String token);
  }

  /** A repository in memory. */
  static final class InMemoryTokenRepository implements TokenRepository {
    final Map<String, String> saved = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> save(String appId, String token) {
      return Mono.fromRunnable(() -> saved.put(appId, token));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TokenSinkConfiguration {

    @Bean
    InMemoryTokenRepository tokenRepository() {
      return new InMemoryTokenRepository();
    }

    // tag::readme-boot-token-sink[]
    @Bean
    TokenSink tokenSink(TokenRepository tokens) {
      return connected -> tokens.save(connected.app().appId(), connected.token().value());
    }
    // end::readme-boot-token-sink[]
  }

  @Test
  void tokenSinkWhenAppConnectedThenRepositoryHoldsTheTokenByAppId() {
    try (AnnotationConfigApplicationContext context =
        new AnnotationConfigApplicationContext(TokenSinkConfiguration.class)) {
      TokenSink sink = context.getBean(TokenSink.class);
      ConnectedApp connected =
          new ConnectedApp(
              AccessToken.bearer("token-value"),
              TokenInfo.of("5698edbf2a43bd081be982f1", "acme", "Acme"),
              Map.of());

      StepVerifier.create(sink.save(connected)).verifyComplete();

      assertThat(context.getBean(InMemoryTokenRepository.class).saved)
          .containsExactly(Map.entry("5698edbf2a43bd081be982f1", "token-value"));
    }
  }
}
