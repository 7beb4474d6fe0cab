package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class StateGeneratorTest {

  private static final StateGenerator GENERATOR = StateGenerator.create();

  @Test
  void nextWhenCalledThenCarries256BitsAsUnpaddedUrlSafeBase64() {
    String state = GENERATOR.next();

    assertThat(state).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(state)).hasSize(StateGenerator.STATE_BYTES);
  }

  @Test
  void nextWhenCalledManyTimesThenValuesAreDistinctAndUseTheWholeAlphabet() {
    Set<String> values = new HashSet<>();
    Set<Character> characters = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String value = GENERATOR.next();
      values.add(value);
      value.chars().forEach(c -> characters.add((char) c));
    }

    assertThat(values).hasSize(10_000);
    // 64 symbols expected; '-' and '_' in particular prove the URL-safe alphabet is used.
    assertThat(characters).hasSize(64).contains('-', '_').doesNotContain('+', '/', '=');
  }

  @Test
  void createWhenDefaultThenUsesDrbg() {
    // Not offloading is checked by generateWhenDrbgThenEmitsOneValueOnTheSubscribingThread.
    assertThat(GENERATOR.toString()).isEqualTo("StateGenerator[DRBG]");
  }

  @Test
  void generateWhenDrbgThenEmitsOneValueOnTheSubscribingThread() {
    StepVerifier.create(
            GENERATOR
                .generate()
                .map(value -> value + "|" + Thread.currentThread().getName())
                .subscribeOn(Schedulers.parallel()))
        .assertNext(v -> assertThat(v).matches("[A-Za-z0-9_-]{43}\\|parallel-.*"))
        .verifyComplete();
  }

  @Test
  void generateWhenSourceMayBlockThenRunsOnBoundedElastic() {
    StateGenerator fallback = new StateGenerator(new SecureRandom(), true);

    StepVerifier.create(
            fallback
                .generate()
                .map(value -> value + "|" + Thread.currentThread().getName())
                .subscribeOn(Schedulers.parallel()))
        .assertNext(v -> assertThat(v).matches("[A-Za-z0-9_-]{43}\\|boundedElastic-.*"))
        .verifyComplete();
  }

  @Test
  void generateWhenSubscribedTwiceThenEmitsTwoDifferentValues() {
    var mono = GENERATOR.generate();

    assertThat(mono.block()).isNotEqualTo(mono.block());
  }
}
