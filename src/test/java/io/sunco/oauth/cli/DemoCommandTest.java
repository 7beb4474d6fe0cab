package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Revocations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void demoWhenRunThenEveryStepSucceedsWithTimingsAndExitsZero() {
    CliRun run = new CliRun(Map.of());

    int exit = run.run("demo");

    assertThat(exit).as(run.all()).isZero();
    assertThat(run.err.toString()).isEmpty();
    String out = run.out.toString();
    List<String> steps =
        List.of(
            "start emulator",
            "authorize URL",
            "consent redirect",
            "callback",
            "getToken, getTokenInfo",
            "revokeAccess",
            "getTokenInfo, revoked token");
    for (int i = 0; i < steps.size(); i++) {
      assertThat(out)
          .containsPattern(
              Pattern.compile(
                  "\\[" + (i + 1) + "\\] " + Pattern.quote(steps.get(i)) + " +\\d+ ms  \\S"));
    }
    assertThat(out)
        .contains("302 to http://127.0.0.1:8090/callback?code=")
        .contains("state matches the one sent")
        .containsPattern(
            "Bearer \\S+ \\(\\d+ characters\\); app "
                + DemoCommand.APP.id()
                + ", subdomain acme, display name \"Acme Demo\"")
        .contains("access revoked")
        .contains("refused as expected: HTTP 401")
        .containsPattern("Done in \\d+ ms");
  }

  @Test
  void demoWhenRunThenNeitherSecretNorCodeNorTokenNorStateIsPrintedInFull() throws Exception {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("demo")).as(run.all()).isZero();

    assertThat(run.emulators).hasSize(1);
    List<RecordedRequest> requests = recorded(run.emulators.get(0));
    String state = find(requests, "/oauth/authorize").queryParameter("state").orElseThrow();
    JsonNode tokenRequest = new ObjectMapper().readTree(find(requests, "/oauth/token").body());
    String code = tokenRequest.get("code").asText();
    String secret = tokenRequest.get("client_secret").asText();
    String token =
        find(requests, "/v2/tokenInfo")
            .header("Authorization")
            .orElseThrow()
            .substring("Bearer ".length());

    String printed = run.all();
    for (String value : List.of(state, code, secret, token)) {
      assertThat(value).hasSizeGreaterThan(20);
      assertThat(printed).doesNotContain(value).doesNotContain(value.substring(0, 12));
    }
    assertThat(printed)
        .contains("Bearer " + Mask.mask(token) + " (" + token.length() + " characters)")
        .contains("code " + Mask.mask(code) + ",")
        .contains("state=" + Mask.mask(state));
    // Nothing that looks like a JWT, whoever issued it.
    assertThat(printed).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");
  }

  @Test
  void demoWhenDoneThenItsEmulatorIsClosedAndItsPortFree() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("demo")).isZero();

    SunshineOAuthEmulator emulator = run.emulators.get(0);
    assertThat(emulator.isClosed()).isTrue();
    assertThat(Http.listening(emulator.port())).isFalse();
  }

  @Test
  void demoWhenTokenInfoFailsThenRevokesTheIssuedTokenBeforeReportingAndExits3() {
    AtomicReference<AccessToken> revoked = new AtomicReference<>();
    AtomicInteger statusAfterwards = new AtomicInteger();
    CliRun run =
        new CliRun(Map.of())
            .whenEmulatorStarts(
                emulator ->
                    emulator.enqueue(
                        ScriptedResponse.status(403)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"errors\":[{\"code\":\"forbidden\",\"title\":\"no\"}]}")
                            .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH)))
            .beforeEmulatorCloses(
                emulator -> {
                  try {
                    revoked.set(Revocations.revokedToken(emulator));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                  }
                  statusAfterwards.set(
                      EmulatorChecks.tokenInfoStatus(emulator, revoked.get().value()));
                });

    int exit = run.run("demo");

    assertThat(exit).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_SERVER_ERROR);
    assertThat(run.err.toString())
        .isEqualTo(
            "sunco-oauth demo: failed at step 5: getTokenInfo failed: HTTP 403 [forbidden: no]\n");
    assertThat(revoked.get()).isNotNull();
    assertThat(statusAfterwards.get()).isEqualTo(401);
    assertThat(run.all()).doesNotContain(revoked.get().value());
  }

  private static List<RecordedRequest> recorded(SunshineOAuthEmulator emulator)
      throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    Optional<RecordedRequest> next;
    while ((next = emulator.takeRequest(Duration.ZERO)).isPresent()) {
      requests.add(next.get());
    }
    return requests;
  }

  private static RecordedRequest find(List<RecordedRequest> requests, String path) {
    return requests.stream()
        .filter(r -> r.pathWithoutQuery().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no request to " + path + " in " + requests));
  }
}
