package io.sunco.oauth.testing;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Many calls of one client at once, for the tests of its pool and of its retry budget. */
public final class ConcurrentCalls {

  private ConcurrentCalls() {}

  /**
   * Sends {@code calls} token-info calls at once (none waits for another to end) and collects what
   * each ended with.
   *
   * @param client the client
   * @param token the token every call sends
   * @param calls how many calls
   * @param wait how long all of them may take
   * @return one outcome per call: its {@code TokenInfo}, or the error it failed with
   */
  public static List<Object> tokenInfoOutcomes(
      SunshineOAuthClient client, AccessToken token, int calls, Duration wait) {
    return Flux.range(0, calls)
        .flatMap(
            i -> client.getTokenInfo(token).<Object>map(info -> info).onErrorResume(Mono::just),
            calls)
        .collectList()
        .block(wait);
  }
}
