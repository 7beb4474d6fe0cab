package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The authorize-URL patterns that the login tests wait for match a whole line only. A command's
 * line can arrive in parts (a pipe read in chunks, or a {@code PrintWriter} writing the line break
 * on its own), and a pattern ending in {@code $} under {@code (?m)} also matches at the end of what
 * has arrived so far: a loaded CI run read a login's URL cut inside its redirect URI's port, and
 * its callback request was refused.
 */
class AwaitedLinesTest {

  private static final String URL =
      "http://127.0.0.1:41234/oauth/authorize?client_id=login-it-client"
          + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A45123%2Fcallback&state=AbC-123_xyz";

  static Stream<Pattern> authorizeUrlPatterns() {
    return Stream.of(LoginCommandIT.AUTHORIZE_URL, LoginEmulator.AUTHORIZE_URL);
  }

  @ParameterizedTest
  @MethodSource("authorizeUrlPatterns")
  void authorizeUrlWhenItsLineHasArrivedInPartThenNoMatchUntilTheLineEnds(Pattern pattern) {
    String before = "Open this URL in a browser and allow access:\n";
    String line = "  " + URL;

    for (int cut = 0; cut <= line.length(); cut++) {
      assertThat(pattern.matcher(before + line.substring(0, cut)).find())
          .as("a match in a line cut after %d characters", cut)
          .isFalse();
    }
    for (String end : new String[] {"\n", "\r\n"}) {
      Matcher whole = pattern.matcher(before + line + end + "Waiting up to 5m for the redirect");
      assertThat(whole.find()).isTrue();
      assertThat(whole.group(1)).isEqualTo(URL);
    }
  }
}
