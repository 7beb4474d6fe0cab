package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingAuthorizationTest {

  @Test
  void ofWhenBindingValidThenHasNoRedirectUriAndNoAttributes() {
    PendingAuthorization data = PendingAuthorization.of("b", Instant.EPOCH);

    assertThat(data.redirectUri()).isEmpty();
    assertThat(data.attributes()).isEmpty();
  }

  @Test
  void stateDataWhenComparedThenEqualOnlyWhenEveryFieldIsEqual() {
    PendingAuthorization data = PendingAuthorization.of("b", Instant.EPOCH).withAttribute("k", "v");
    PendingAuthorization same = PendingAuthorization.of("b", Instant.EPOCH).withAttribute("k", "v");

    assertThat(data).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(data.hashCode())
        .isNotEqualTo(PendingAuthorization.of("b", Instant.EPOCH).hashCode());
    assertThat(data)
        .isNotEqualTo(PendingAuthorization.of("c", Instant.EPOCH).withAttribute("k", "v"))
        .isNotEqualTo(
            PendingAuthorization.of("b", Instant.EPOCH.plusSeconds(1)).withAttribute("k", "v"))
        .isNotEqualTo(same.withAttribute("k", "w"))
        .isNotEqualTo(same.withRedirectUri(URI.create("https://app.example/cb")));
  }

  @Test
  void verifiedCallbackWhenComparedThenEqualOnlyForTheSameCodeAndStateData() {
    PendingAuthorization data = PendingAuthorization.of("b", Instant.EPOCH);
    VerifiedCallback callback =
        new VerifiedCallback(new AuthorizationCode("code-1"), Optional.of(data));
    VerifiedCallback same =
        new VerifiedCallback(new AuthorizationCode("code-1"), Optional.of(data));
    VerifiedCallback signed =
        new VerifiedCallback(new AuthorizationCode("code-1"), Optional.empty());

    assertThat(callback).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(callback.hashCode()).isNotEqualTo(signed.hashCode());
    assertThat(callback)
        .isNotEqualTo(new VerifiedCallback(new AuthorizationCode("code-2"), Optional.of(data)))
        .isNotEqualTo(signed)
        .isNotEqualTo("code-1");
    assertThat(signed)
        .isEqualTo(new VerifiedCallback(new AuthorizationCode("code-1"), Optional.empty()));
  }

  @Test
  void withWhenCalledThenReturnsCopiesAndLeavesOriginal() {
    PendingAuthorization data = PendingAuthorization.of("b", Instant.EPOCH);
    PendingAuthorization richer =
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
    PendingAuthorization data = PendingAuthorization.of("b", Instant.EPOCH, null, attributes);
    attributes.put("k2", "v2");

    assertThat(data.attributes()).containsOnlyKeys("k");
    assertThatThrownBy(() -> data.attributes().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofWhenBindingExactlyMaxLengthThenAcceptedAndOneMoreRejected() {
    String longest = "b".repeat(PendingAuthorization.MAX_BINDING_LENGTH);

    assertThat(PendingAuthorization.of(longest, Instant.EPOCH).browserBinding()).isEqualTo(longest);
    assertThatThrownBy(() -> PendingAuthorization.of(longest + "b", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorWhenInvalidThenThrows() {
    assertThatThrownBy(() -> PendingAuthorization.of(" ", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PendingAuthorization.of("b".repeat(1025), Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PendingAuthorization.of(null, Instant.EPOCH))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PendingAuthorization.of("b", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PendingAuthorization.of("b", Instant.EPOCH).withAttribute("k", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PendingAuthorization.of("b", Instant.EPOCH, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(PendingAuthorization.of("b", Instant.EPOCH, null, Map.of()).redirectUri()).isEmpty();
    assertThat(PendingAuthorization.of("b", Instant.EPOCH, null, Map.of()))
        .isEqualTo(PendingAuthorization.of("b", Instant.EPOCH))
        .hasSameHashCodeAs(PendingAuthorization.of("b", Instant.EPOCH))
        .isNotEqualTo(PendingAuthorization.of("b", Instant.EPOCH).withAttribute("k", "v"));
  }
}
