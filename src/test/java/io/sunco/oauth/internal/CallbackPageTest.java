package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one home of escaping, the callback page and its headers: {@link CallbackPage}. */
class CallbackPageTest {

  @Test
  void escapeWhenMarkupThenTheFiveSpecialCharactersAreEntities() {
    assertThat(CallbackPage.escape("<a href=\"x\">'&'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    assertThat(CallbackPage.escape("plain text ü")).isEqualTo("plain text ü");
  }

  @Test
  void htmlWhenTextsAndLinkHaveMarkupThenEscaped() {
    String page = CallbackPage.html("A <b>", "x & \"y\"", "/a'b/oauth/sunshine/start?<x>");

    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<title>A &lt;b&gt;</title>")
        .contains("<h1 id=\"title\">A &lt;b&gt;</h1>")
        .contains("<p id=\"message\">x &amp; &quot;y&quot;</p>")
        .contains("href=\"/a&#39;b/oauth/sunshine/start?&lt;x&gt;\"")
        .doesNotContain("<b>", "<x>");
  }

  @Test
  void htmlWhenNoLinkThenNoAnchorAndNothingLoaded() {
    String page = CallbackPage.html("Done", "Return to the terminal.", null);

    assertThat(page).doesNotContain("<a ", "<script", "<link", "<img", "src=", "style");
  }

  @Test
  void headersWhenReadThenNoCacheNoReferrerNoSniffNoFrameAndNothingLoads() {
    assertThat(CallbackPage.HEADERS)
        .containsEntry("Content-Type", "text/html;charset=UTF-8")
        .containsEntry("Cache-Control", "no-store")
        .containsEntry("Referrer-Policy", "no-referrer")
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsEntry("X-Frame-Options", "DENY");
    assertThat(CallbackPage.HEADERS.get("Content-Security-Policy"))
        .startsWith("default-src 'none'")
        .contains("frame-ancestors 'none'");
    assertThatThrownBy(() -> CallbackPage.HEADERS.put("X", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
