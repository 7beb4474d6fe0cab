package io.sunco.oauth;

import java.net.URI;
import java.util.Map;

/**
 * Which token exchanges are one: the same code sent to the same endpoint by a client that
 * authenticates the same way (the same client id and client secret) and sends the same default
 * headers (which may say who is asking, as the Marketplace headers do). A derived client that
 * differs in any of these never shares another client's exchange. Held in memory only while the
 * exchange runs; the secret and the code are never shown.
 *
 * @param tokenUrl the token endpoint
 * @param clientId the client id sent
 * @param clientSecret the client secret sent
 * @param defaultHeaders the default headers sent, as configured
 * @param code the authorization code
 */
record ExchangeKey(
    URI tokenUrl,
    String clientId,
    String clientSecret,
    Map<String, String> defaultHeaders,
    String code) {

  ExchangeKey {
    defaultHeaders = Map.copyOf(defaultHeaders);
  }

  @Override
  public String toString() {
    return "ExchangeKey[" + tokenUrl + ", " + clientId + ", clientSecret=****, code=****]";
  }
}
