package io.sunco.oauth.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.policy.RetryPolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** When the extension starts, resets and closes emulators, run on fixture classes. */
class ExtensionLifecycleTest {

  static final List<SunshineOAuthEmulator> SEEN = new CopyOnWriteArrayList<>();
  static final List<String> TOKENS = new CopyOnWriteArrayList<>();
  static final List<SunshineOAuthClient> CLIENTS = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clear() {
    SEEN.clear();
    TOKENS.clear();
    CLIENTS.clear();
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassFixture {
    @RegisterExtension
    static final SunshineOAuthEmulatorExtension EMULATOR =
        SunshineOAuthEmulatorExtension.builder()
            .client(builder -> builder.retryPolicy(RetryPolicy.none()))
            .build();

    @Test
    @Order(1)
    void first(SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      SEEN.add(emulator);
      CLIENTS.add(client);
      String code =
          emulator.issueAuthorizationCode(
              SunshineOAuthEmulatorExtension.DEFAULT_CLIENT_ID,
              SunshineOAuthEmulatorExtension.DEFAULT_APP.id());
      TOKENS.add(client.getToken(code).block().value());
      emulator.enqueue(ScriptedResponse.status(503).always());
      assertThat(EMULATOR.emulator()).isSameAs(emulator);
      assertThat(EMULATOR.client()).isSameAs(client);
    }

    @Test
    @Order(2)
    void second(SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      SEEN.add(emulator);
      CLIENTS.add(client);
      assertThat(emulator.requestCount()).isZero();
      // The 503 script is gone and the token of the first test is forgotten: 401, not 503.
      assertThat(
              client
                  .getTokenInfo(AccessToken.bearer(TOKENS.get(0)))
                  .map(info -> 200)
                  .onErrorResume(
                      SunshineApiException.class, e -> reactor.core.publisher.Mono.just(e.status()))
                  .block())
          .isEqualTo(401);
    }

    @Nested
    class Inner {
      @Test
      void nested(SunshineOAuthEmulator emulator) {
        SEEN.add(emulator);
      }
    }
  }

  static class PerMethodFixture {
    @RegisterExtension
    final SunshineOAuthEmulatorExtension emulator =
        SunshineOAuthEmulatorExtension.builder().build();

    @BeforeEach
    void before(SunshineOAuthEmulator injected) {
      SEEN.add(injected);
    }

    @Test
    void one(SunshineOAuthEmulator injected) {
      assertThat(emulator.emulator()).isSameAs(injected);
    }

    @Test
    void two(SunshineOAuthEmulator injected) {
      assertThat(emulator.emulator()).isSameAs(injected);
    }
  }

  @ExtendWith(SunshineOAuthEmulatorExtension.class)
  static class DeclarativeFixture {
    @Test
    void defaults(SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      SEEN.add(emulator);
      assertThat(emulator.integrations()).hasSize(1);
      assertThat(emulator.integrations().get(0).clientId())
          .isEqualTo(SunshineOAuthEmulatorExtension.DEFAULT_CLIENT_ID);
      assertThat(emulator.apps()).containsExactly(SunshineOAuthEmulatorExtension.DEFAULT_APP);
      assertThat(client.baseUrl().toString()).isEqualTo(emulator.baseUrl());
      assertThat(client.clientId()).isEqualTo(SunshineOAuthEmulatorExtension.DEFAULT_CLIENT_ID);
    }
  }

  static class ClientInBeforeAllFixture {
    @RegisterExtension
    static final SunshineOAuthEmulatorExtension EMULATOR =
        SunshineOAuthEmulatorExtension.builder().build();

    @BeforeAll
    static void before(SunshineOAuthClient client) {
      CLIENTS.add(client);
    }

    @Test
    void never() {}
  }

  static class PerMethodEmulatorInBeforeAllFixture {
    @RegisterExtension
    final SunshineOAuthEmulatorExtension emulator =
        SunshineOAuthEmulatorExtension.builder().build();

    @BeforeAll
    static void before(SunshineOAuthEmulator emulator) {
      SEEN.add(emulator);
    }

    @Test
    void never() {}
  }

  @Test
  void staticFieldWhenClassRunsThenOneEmulatorResetBetweenTestsAndClosedAfter() {
    TestExecutionSummary summary = Fixtures.run(PerClassFixture.class);

    assertThat(Fixtures.failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
    assertThat(SEEN).hasSize(3);
    assertThat(SEEN.get(1)).isSameAs(SEEN.get(0));
    assertThat(SEEN.get(2)).isSameAs(SEEN.get(0));
    assertThat(SEEN.get(0).isClosed()).isTrue();
    assertThat(CLIENTS.get(1)).isNotSameAs(CLIENTS.get(0));
    // The store that held it closed it, and the extension no longer names it.
    assertThatThrownBy(PerClassFixture.EMULATOR::emulator)
        .isInstanceOf(IllegalStateException.class);
    assertThat(PerClassFixture.EMULATOR.toString()).doesNotContain("running");
  }

  @Test
  void instanceFieldWhenClassRunsThenOneEmulatorPerTestEachClosed() {
    TestExecutionSummary summary = Fixtures.run(PerMethodFixture.class);

    assertThat(Fixtures.failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    assertThat(SEEN).allSatisfy(emulator -> assertThat(emulator.isClosed()).isTrue());
  }

  @Test
  void extendWithWhenNoConfigurationThenDefaultsAndAConfiguredClient() {
    TestExecutionSummary summary = Fixtures.run(DeclarativeFixture.class);

    assertThat(Fixtures.failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(SEEN.get(0).isClosed()).isTrue();
  }

  @Test
  void clientWhenInjectedIntoBeforeAllThenParameterResolutionFails() {
    TestExecutionSummary summary = Fixtures.run(ClientInBeforeAllFixture.class);

    assertThat(Fixtures.failures(summary))
        .singleElement()
        .isInstanceOf(ParameterResolutionException.class);
    assertThat(CLIENTS).isEmpty();
  }

  @Test
  void perTestEmulatorWhenInjectedIntoBeforeAllThenParameterResolutionFails() {
    TestExecutionSummary summary = Fixtures.run(PerMethodEmulatorInBeforeAllFixture.class);

    assertThat(Fixtures.failures(summary))
        .singleElement()
        .isInstanceOf(ParameterResolutionException.class);
    assertThat(SEEN).isEmpty();
  }
}
