package io.sunco.oauth.testing;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.policy.RetryPolicy;
import reactor.netty.http.client.HttpClient;

/**
 * The library's client of an emulator, as the tests that count the emulator's requests build it.
 */
public final class EmulatorClients {

  private EmulatorClients() {}

  /**
   * A client of {@code emulator} with the given credentials and no retries (each request the
   * emulator records is one the client chose to send), trusting the emulator's own certificate when
   * it serves TLS.
   *
   * @param emulator the emulator
   * @param clientId the integration's client id
   * @param clientSecret the integration's secret
   * @return the builder, for a test to add to
   */
  public static SunshineOAuthClient.Builder clientFor(
      SunshineOAuthEmulator emulator, String clientId, String clientSecret) {
    SunshineOAuthClient.Builder builder =
        SunshineOAuthClient.builder()
            .clientId(clientId)
            .clientSecret(clientSecret)
            .baseUrl(emulator.baseUrl())
            .retryPolicy(RetryPolicy.none());
    if (emulator.isTls()) {
      builder.httpClient(
          HttpClient.create().secure(spec -> spec.sslContext(emulator.clientSslContext())));
    }
    return builder;
  }
}
