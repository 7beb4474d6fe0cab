package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawResponseTest {

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204, 299})
  void isSuccessWhen2xxThenTrue(int status) {
    assertThat(new RawResponse(status, null, null, new byte[0]).isSuccess()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 199, 300, 304, 400, 500})
  void isSuccessWhenNot2xxThenFalse(int status) {
    assertThat(new RawResponse(status, null, null, new byte[0]).isSuccess()).isFalse();
  }
}
