package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import org.junit.jupiter.api.Test;

class QueryParserTest {

  @Test
  void parseWhenPairHasNoNameOrNoValueThenKeepsTheEmptyPart() {
    assertThat(QueryParser.parse("=x")).containsExactly(entry("", "x"));
    assertThat(QueryParser.parse("x")).containsExactly(entry("x", ""));
    assertThat(QueryParser.parse("x=")).containsExactly(entry("x", ""));
    assertThat(QueryParser.parse("=")).containsExactly(entry("", ""));
    // Only the first '=' separates name and value.
    assertThat(QueryParser.parse("a==b=c")).containsExactly(entry("a", "=b=c"));
  }

  @Test
  void parseWhenTwoPairsHaveNoNameThenMalformedAsARepeatedName() {
    assertRejected(() -> QueryParser.parse("=x&=y"), Reason.MALFORMED_CALLBACK);
  }

  @Test
  void parseWhenEmptyOrOnlyAmpersandsThenNoParameters() {
    assertThat(QueryParser.parse("")).isEmpty();
    assertThat(QueryParser.parse("&")).isEmpty();
    assertThat(QueryParser.parse("&&")).isEmpty();
  }
}
