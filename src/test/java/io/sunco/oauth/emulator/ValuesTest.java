package io.sunco.oauth.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void integrationWhenValidThenFirstRedirectUriIsDefault() {
    Integration integration = Integration.of("id", "secret", "https://a.example/cb", "myapp://cb");

    assertThat(integration.defaultRedirectUri()).isEqualTo("https://a.example/cb");
    assertThat(integration.redirectUris()).containsExactly("https://a.example/cb", "myapp://cb");
    assertThat(integration.removeUrl()).isEmpty();
    assertThat(integration.withRemoveUrl(URI.create("https://a.example/removed")).removeUrl())
        .hasValue(URI.create("https://a.example/removed"));
  }

  @Test
  void integrationWhenInvalidThenFailsAtConstruction() {
    assertThatThrownBy(() -> Integration.of(null, "s", "https://a/cb"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Integration.of(" ", "s", "https://a/cb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Integration.of("id", "", "https://a/cb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Integration.of("id", "s", "/relative"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Integration.of("id", "s", "https://a/cb#frag"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Integration.of("id", "s", "https://a/c b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Integration.of("id", "s", "https://a/cb", "https://a/cb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Integration("id", "s", List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> Integration.of("id", "s", "https://a/cb").withRemoveUrl(URI.create("ftp://a/x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Integration.of("id", "s", "https://a/cb").withRemoveUrl(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void integrationToStringWhenRemoveUrlHasCredentialsThenHidesThemAndSecret() {
    Integration integration =
        Integration.of("id", "top-secret", "https://a.example/cb")
            .withRemoveUrl(URI.create("https://user:pw@hooks.example/removed?key=k"));

    assertThat(integration.toString())
        .contains("id")
        .contains("https://hooks.example/removed")
        .doesNotContain("top-secret")
        .doesNotContain("pw")
        .doesNotContain("key=k");
  }

  @Test
  void appWhenInvalidThenFailsAtConstruction() {
    assertThat(App.of("a", "b", "C").displayName()).isEqualTo("C");
    assertThatThrownBy(() -> App.of(null, "b", "c")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> App.of("a", "", "c")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> App.of("a", "b", "line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scriptedResponseWhenArgumentsInvalidThenFailsAtCallTime() {
    assertThatThrownBy(() -> ScriptedResponse.status(199))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(600))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.rateLimited(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(500).times(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(500).probability(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(500).probability(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(500).onlyPath("oauth/token"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(500).onlyPath("/a?b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(500).withHeader("Bad Name", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(500).withHeader("X", "a\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.dropConnection().withBody("x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.delayed(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScriptedResponse.delayed(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ScriptedResponse.status(500).withBody(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void scriptedResponseWhenModifiedThenOriginalUnchangedAndToStringHidesBody() {
    ScriptedResponse original = ScriptedResponse.status(200);
    ScriptedResponse changed = original.withBody("{\"access_token\":\"secret-token\"}").times(2);

    assertThat(original.toString()).contains("body 0 chars").contains("times 1");
    assertThat(changed.toString()).contains("times 2").doesNotContain("secret-token");
    assertThat(ScriptedResponse.dropConnection().always().toString())
        .contains("drop")
        .contains("unlimited");
  }

  @Test
  void recordedRequestWhenMadeDirectlyThenHeadersCaseInsensitiveAndToStringHidesSecrets() {
    RecordedRequest request =
        new RecordedRequest(
            3,
            "POST",
            "/oauth/token?code=secret-code",
            "/oauth/token",
            Map.of("Authorization", List.of("Bearer secret-token")),
            "client_secret=top");

    assertThat(request.header("authorization")).hasValue("Bearer secret-token");
    assertThat(request.headerNames()).containsExactly("Authorization");
    assertThat(request.queryParameter("code")).hasValue("secret-code");
    assertThat(request.pathWithoutQuery()).isEqualTo("/oauth/token");
    assertThat(request.toString())
        .isEqualTo("RecordedRequest[#3 POST /oauth/token, 1 headers, body 17 chars]");
    assertThatThrownBy(() -> request.headers().put("X", List.of("y")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void recordedRequestWhenInvalidThenFailsAtConstruction() {
    assertThatThrownBy(
            () -> new RecordedRequest(0, "GET", "/t?code=abc", "/t?code=abc", Map.of(), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shownPath must not have a query");
    assertThatThrownBy(() -> new RecordedRequest(0, null, "/", "/", Map.of(), ""))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new RecordedRequest(0, "GET", "/", "/", Map.of(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                new RecordedRequest(
                    0, "GET", "/", "/", Map.of("X-A", List.of("1"), "x-a", List.of("2")), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordedRequestWhenHeaderNamesDifferOnlyInCaseThenNotEqualAndEqualRequestsHashAlike() {
    RecordedRequest accept = request(Map.of("Accept", List.of("x")));
    RecordedRequest same = request(Map.of("Accept", List.of("x")));
    RecordedRequest lowerCase = request(Map.of("accept", List.of("x")));

    assertThat(accept).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(lowerCase);
    assertThat(lowerCase).isNotEqualTo(accept);
    assertThat(java.util.Set.of(accept, lowerCase)).hasSize(2);
  }

  @Test
  void recordedRequestWhenTheGivenHeaderMapChangesLaterThenTheRequestDoesNot() {
    Map<String, List<String>> given = new java.util.HashMap<>(Map.of("Accept", List.of("x")));
    RecordedRequest request = request(given);

    given.put("Authorization", List.of("Bearer later"));

    assertThat(request.headerNames()).containsExactly("Accept");
  }

  @Test
  void recordedRequestWhenTheSequenceNumberHasWrappedThenStillRecorded() {
    RecordedRequest request = new RecordedRequest(Integer.MIN_VALUE, "GET", "/", "/", Map.of(), "");

    assertThat(request.sequenceNumber()).isEqualTo(Integer.MIN_VALUE);
  }

  private static RecordedRequest request(Map<String, List<String>> headers) {
    return new RecordedRequest(1, "GET", "/p?q=1", "/p", headers, "");
  }
}
