package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDataTest {

  @Test
  void ofWhenBindingValidThenHasNoRedirectUriAndNoAttributes() {
    StateData data = StateData.of("b", Instant.EPOCH);

    assertThat(data.redirectUri()).isEmpty();
    assertThat(data.attributes()).isEmpty();
  }

  @Test
  void stateDataWhenComparedThenEqualOnlyWhenEveryFieldIsEqual() {
    StateData data = StateData.of("b", Instant.EPOCH).withAttribute("k", "v");
    StateData same = StateData.of("b", Instant.EPOCH).withAttribute("k", "v");

    assertThat(data).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(data.hashCode()).isNotEqualTo(StateData.of("b", Instant.EPOCH).hashCode());
    assertThat(data)
        .isNotEqualTo(StateData.of("c", Instant.EPOCH).withAttribute("k", "v"))
        .isNotEqualTo(StateData.of("b", Instant.EPOCH.plusSeconds(1)).withAttribute("k", "v"))
        .isNotEqualTo(same.withAttribute("k", "w"))
        .isNotEqualTo(same.withRedirectUri(URI.create("https://app.example/cb")));
  }

  @Test
  void verifiedCallbackWhenComparedThenEqualOnlyForTheSameCodeAndStateData() {
    StateData data = StateData.of("b", Instant.EPOCH);
    VerifiedCallback callback = new VerifiedCallback(new AuthorizationCode("code-1"), data);
    VerifiedCallback same = new VerifiedCallback(new AuthorizationCode("code-1"), data);
    VerifiedCallback signed = new VerifiedCallback(new AuthorizationCode("code-1"), null);

    assertThat(callback).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(callback.hashCode()).isNotEqualTo(signed.hashCode());
    assertThat(callback)
        .isNotEqualTo(new VerifiedCallback(new AuthorizationCode("code-2"), data))
        .isNotEqualTo(signed)
        .isNotEqualTo("code-1");
    assertThat(signed).isEqualTo(new VerifiedCallback(new AuthorizationCode("code-1"), null));
  }

  @Test
  void withWhenCalledThenReturnsCopiesAndLeavesOriginal() {
    StateData data = StateData.of("b", Instant.EPOCH);
    StateData richer =
        data.withRedirectUri(URI.create("https://app.example/cb?x=1"))
            .withAttribute("k", "v")
            .withAttribute("k", "w");

    assertThat(data.attributes()).isEmpty();
    assertThat(richer.redirectUri()).contains(URI.create("https://app.example/cb?x=1"));
    assertThat(richer.attributes()).containsExactly(Map.entry("k", "w"));
  }

  @Test
  void constructorWhenAttributesMapChangesLaterThenCopyIsUnaffectedAndImmutable() {
    Map<String, String> attributes = new HashMap<>(Map.of("k", "v"));
    StateData data = StateData.of("b", Instant.EPOCH, null, attributes);
    attributes.put("k2", "v2");

    assertThat(data.attributes()).containsOnlyKeys("k");
    assertThatThrownBy(() -> data.attributes().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofWhenBindingExactlyMaxLengthThenAcceptedAndOneMoreRejected() {
    String longest = "b".repeat(StateData.MAX_BINDING_LENGTH);

    assertThat(StateData.of(longest, Instant.EPOCH).browserBinding()).isEqualTo(longest);
    assertThatThrownBy(() -> StateData.of(longest + "b", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorWhenInvalidThenThrows() {
    assertThatThrownBy(() -> StateData.of(" ", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StateData.of("b".repeat(1025), Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StateData.of(null, Instant.EPOCH))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StateData.of("b", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StateData.of("b", Instant.EPOCH).withAttribute("k", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StateData.of("b", Instant.EPOCH, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(StateData.of("b", Instant.EPOCH, null, Map.of()).redirectUri()).isEmpty();
    assertThat(StateData.of("b", Instant.EPOCH, null, Map.of()))
        .isEqualTo(StateData.of("b", Instant.EPOCH))
        .hasSameHashCodeAs(StateData.of("b", Instant.EPOCH))
        .isNotEqualTo(StateData.of("b", Instant.EPOCH).withAttribute("k", "v"));
  }
}
