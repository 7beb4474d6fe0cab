package com.example.bootapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A Boot application with a missing property does not start, and Boot's failure report (through the
 * library's FailureAnalyzer, registered in META-INF/spring.factories) names the property and shows
 * no secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  private static final String SECRET = "5XJ85yjUtRcaQu_pDINblPZb";

  @Test
  void startWhenClientIdMissingThenFailureReportNamesItWithoutTheSecret(CapturedOutput output) {
    SpringApplicationBuilder app =
        new SpringApplicationBuilder(BootApp.class)
            .web(WebApplicationType.REACTIVE)
            .properties(
                "server.port=0",
                "sunco.oauth.client-secret=" + SECRET,
                "sunco.oauth.routes.redirect-uri=http://127.0.0.1:8080/oauth/sunshine/callback");

    assertThatThrownBy(app::run).hasRootCauseMessage("sunco.oauth.client-id must be set");

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START", "sunco.oauth.client-id must be set")
        .contains("Set sunco.oauth.client-id")
        .doesNotContain(SECRET);
  }
}
