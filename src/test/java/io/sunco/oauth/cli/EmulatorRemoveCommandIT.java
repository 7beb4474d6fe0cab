package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.BlockingHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 26, item 6: {@code emulator-remove} against the {@code emulator} command, both the built
 * jar as processes, over http and (with {@code --tls} and {@code --ca-file}) https: a token got
 * through the emulator's flow dies, the integration's {@code removeUrl} gets one POST, a repeat
 * posts nothing, a wrong admin secret changes nothing, and no secret or token is printed.
 */
@ParameterizedClass
@EnumSource(Wire.class)
class EmulatorRemoveCommandIT {

  private static final String SECRET = "remove-it-client-secret-0123456789";
  private static final String ADMIN = "remove-it-admin-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BASE_URL =
      Pattern.compile("running at (https?://127\\.0\\.0\\.1:\\d+)\\R");
  private static final Pattern CERTIFICATE =
      Pattern.compile("(?m)^  certificate:   (\\S+\\.pem) \\(self-signed for 127\\.0\\.0\\.1");

  @Parameter Wire wire;

  /** Where an https emulator writes its certificate: never the shared temporary directory. */
  @TempDir Path certificates;

  /** A request to the emulator, over https trusting {@code certificate} when it is not empty. */
  private static HttpResponse<String> send(HttpRequest request, String certificate) {
    return certificate.isEmpty()
        ? BlockingHttp.send(request)
        : BlockingHttp.send(request, certificate);
  }

  /** The customer allows (consent {@code auto}), and the integration redeems the code. */
  private static String token(String baseUrl, String certificate) throws Exception {
    HttpResponse<String> consent =
        Wire.browse(
            certificate,
            baseUrl
                + SunshineOAuthEmulator.AUTHORIZE_PATH
                + "?client_id=demo-client&response_type=code&state=s-1");
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
    String code = Http.query(consent.headers().firstValue("Location").orElseThrow()).get("code");
    HttpResponse<String> exchanged =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + SunshineOAuthEmulator.TOKEN_PATH))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "code",
                                code,
                                "grant_type",
                                "authorization_code",
                                "client_id",
                                "demo-client",
                                "client_secret",
                                SECRET))))
                .timeout(BlockingHttp.DEFAULT_TIMEOUT)
                .build(),
            certificate);
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    return JSON.readTree(exchanged.body()).path("access_token").asText();
  }

  private static int tokenInfoStatus(String baseUrl, String certificate, String token) {
    return send(
            HttpRequest.newBuilder(URI.create(baseUrl + SunshineOAuthEmulator.TOKEN_INFO_PATH))
                .header("Authorization", "Bearer " + token)
                .timeout(BlockingHttp.DEFAULT_TIMEOUT)
                .build(),
            certificate)
        .statusCode();
  }

  @Test
  void emulatorRemoveWhenRunAgainstTheEmulatorCommandThenTheTokenDiesAndTheRemoveUrlIsPostedOnce()
      throws Exception {
    MockWebServer integrationServer = Misbehaving.server();
    integrationServer.enqueue(new MockResponse.Builder().code(200).build());
    String[] emulatorArgs = {
      "emulator",
      "--port",
      "0",
      "--consent",
      "auto",
      "--remove-url",
      Misbehaving.baseUrl(integrationServer) + "/sunco/removed?key=k1"
    };
    if (wire == Wire.HTTPS) {
      emulatorArgs =
          Wire.append(
              emulatorArgs,
              "--tls",
              "--cert-file",
              certificates.resolve("emulator.pem").toString());
    }
    Map<String, String> adminOnly = Map.of("SUNCO_EMULATOR_ADMIN_SECRET", ADMIN);
    try (integrationServer;
        CliProcess emulator =
            CliProcess.start(
                Map.of("SUNCO_CLIENT_SECRET", SECRET, "SUNCO_EMULATOR_ADMIN_SECRET", ADMIN),
                emulatorArgs)) {
      String baseUrl = emulator.out.await(BASE_URL);
      String certificate = "";
      String[] trust = {};
      if (wire == Wire.HTTPS) {
        assertThat(baseUrl).startsWith("https://");
        String file = emulator.out.await(CERTIFICATE);
        certificate = Files.readString(Path.of(file));
        trust = new String[] {Options.CA_FILE, file};
      }
      String token = token(baseUrl, certificate);

      CliProcess.Result wrongSecret =
          CliProcess.run(
              Map.of("SUNCO_EMULATOR_ADMIN_SECRET", "not-the-admin-secret"),
              Wire.append(new String[] {"emulator-remove", "--base-url", baseUrl}, trust));
      int beforeRemoval = tokenInfoStatus(baseUrl, certificate, token);
      CliProcess.Result removed =
          CliProcess.run(
              adminOnly,
              Wire.append(
                  new String[] {"emulator-remove", "--base-url", baseUrl, "--json"}, trust));
      int afterRemoval = tokenInfoStatus(baseUrl, certificate, token);
      CliProcess.Result again =
          CliProcess.run(
              adminOnly,
              Wire.append(new String[] {"emulator-remove", "--base-url", baseUrl}, trust));
      emulator.out.await(
          Pattern.compile(
              "(?s)POST /emulator/admin/remove-integration 401 .*"
                  + "POST /emulator/admin/remove-integration 200 .*"
                  + "POST /emulator/admin/remove-integration 200 \\d+ms"));
      CliProcess.Result stopped = emulator.terminate();

      assertThat(wrongSecret.exitCode()).as(wrongSecret.toString()).isEqualTo(3);
      assertThat(wrongSecret.err()).contains("HTTP 401").hasLineCount(1);
      assertThat(beforeRemoval).as("a wrong admin secret changes nothing").isEqualTo(200);
      assertThat(removed.exitCode()).as(removed.toString()).isZero();
      JsonNode outcome = Misbehaving.parse(removed.out());
      assertThat(outcome.path("ok").asBoolean()).isTrue();
      assertThat(outcome.path("accessEnded").asBoolean()).isTrue();
      assertThat(outcome.path("removeUrlCalled").asBoolean()).isTrue();
      assertThat(outcome.path("removeUrlStatus").asInt()).isEqualTo(200);
      assertThat(afterRemoval).isEqualTo(401);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).startsWith("Nothing to remove: integration demo-client");
      assertThat(integrationServer.getRequestCount()).isEqualTo(1);
      RecordedRequest notification = integrationServer.takeRequest(5, TimeUnit.SECONDS);
      assertThat(notification).isNotNull();
      assertThat(notification.getTarget()).isEqualTo("/sunco/removed?key=k1");
      JsonNode body = JSON.readTree(notification.getBody().utf8());
      assertThat(body.path("integrationId").asText()).isEqualTo("demo-client");
      assertThat(body.path("appId").asText()).isEqualTo(DemoCommand.APP.id());
      assertThat(stopped.out())
          .as(stopped.toString())
          .contains("  admin:         on, secret from $SUNCO_EMULATOR_ADMIN_SECRET (not shown)")
          .contains("/sunco/removed (query not shown)")
          .contains("Emulator stopped.");
      String everything = stopped.all() + wrongSecret.all() + removed.all() + again.all();
      assertThat(everything)
          .doesNotContain(ADMIN)
          .doesNotContain(SECRET)
          .doesNotContain(token)
          .doesNotContain("key=k1");
    }
  }
}
