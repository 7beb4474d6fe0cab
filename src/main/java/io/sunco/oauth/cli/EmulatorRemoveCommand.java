package io.sunco.oauth.cli;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.internal.Hosts;
import io.sunco.oauth.internal.Json;
import io.sunco.oauth.internal.UntrustedText;
import io.sunco.oauth.internal.UrlRule;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code sunco-oauth emulator-remove}: plays the customer's admin removing the integration from an
 * app on a running {@code emulator}, through the emulator's admin endpoint ({@link
 * SunshineOAuthEmulator#ADMIN_REMOVE_INTEGRATION_PATH}): the integration's tokens for the app stop
 * working and its {@code removeUrl} gets its POST, so that a removal route can be tried end to end.
 * The admin secret comes from the same environment variable the emulator read, never from an
 * argument, and goes to a loopback address only.
 */
@Command(
    name = "emulator-remove",
    description = {
      "Remove the integration from an app on a running `emulator`, as the customer's admin can at"
          + " any time: its tokens for the app answer 401 from then on, and its removeUrl"
          + " (`emulator --remove-url`) gets one POST; this waits for that POST's answer.",
      "The emulator must have been started with the admin secret in $"
          + EmulatorCommand.DEFAULT_ADMIN_SECRET_ENV
          + " (or --admin-secret-env); this command reads the same variable, never an argument."
          + " Removing again is harmless: exit 0, nothing posted."
    })
final class EmulatorRemoveCommand extends CliCommand {

  /** The default base URL: the {@code emulator} command's default address, {@value}. */
  static final String DEFAULT_BASE_URL =
      "http://" + SunshineOAuthEmulator.HOST + ":" + EmulatorCommand.DEFAULT_PORT;

  /** What the emulator answered: its status and its body. */
  private record Answer(int status, String body) {}

  @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
  @Option(
      names = Options.BASE_URL,
      paramLabel = "URL",
      defaultValue = DEFAULT_BASE_URL,
      description = {
        "The running emulator's base URL, as its banner shows it: a loopback address, https with"
            + " `emulator --tls` (then trust its certificate with --ca-file).",
        "Default: ${DEFAULT-VALUE}."
      })
  private String baseUrl;

  @Option(
      names = "--client-id",
      paramLabel = "ID",
      description = "The integration to remove. Default: ${DEFAULT-VALUE}.")
  private String clientId = EmulatorCommand.DEFAULT_CLIENT_ID;

  @Option(
      names = "--app-id",
      paramLabel = "ID",
      description = "The app to remove it from. Default: ${DEFAULT-VALUE} (the emulator's app).")
  private String appId = DemoCommand.APP.id();

  @Mixin private final Options.AdminSecretEnv adminSecretEnv = new Options.AdminSecretEnv();
  @Mixin private final Options.CaFile caFile = new Options.CaFile();
  @Mixin private final Options.Deadline deadline = new Options.Deadline();

  @Mixin private final Options.Json jsonOption = new Options.Json();

  @Override
  public boolean json() {
    return jsonOption.on();
  }

  @Override
  public Optional<String> endpoint() {
    try {
      URI uri = new URI(baseUrl);
      return uri.getHost() == null ? Optional.empty() : Optional.of(Preflight.hostPort(uri));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  @Override
  public Integer call() {
    if (clientId.isBlank() || appId.isBlank()) {
      throw CliFailure.usage("--client-id and --app-id must not be blank");
    }
    URI emulator = emulatorUrl();
    String secret =
        root.context()
            .requireEnv(adminSecretEnv.name(), "the admin secret the emulator was started with")
            .strip();
    String hostPort = Preflight.hostPort(emulator);
    Answer answer = send(emulator, secret, hostPort);
    PrintWriter out = spec.commandLine().getOut();
    if (answer.status() != 200) {
      throw refused(answer, hostPort);
    }
    Outcome outcome = outcome(answer, hostPort);
    if (json()) {
      out.println(
          new JsonLine()
              .put("ok", true)
              .put("clientId", clientId)
              .put("appId", appId)
              .put("accessEnded", outcome.accessEnded())
              .put("removeUrlCalled", outcome.removeUrlCalled())
              .put("removeUrlStatus", outcome.removeUrlStatus()));
    } else {
      print(out, outcome);
    }
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }

  /** What the admin endpoint said it did. */
  private record Outcome(
      boolean accessEnded, boolean removeUrlCalled, @Nullable Integer removeUrlStatus) {}

  private void print(PrintWriter out, Outcome outcome) {
    String who = "integration " + UntrustedText.clean(clientId);
    String app = "app " + UntrustedText.clean(appId);
    if (!outcome.accessEnded()) {
      out.println(
          "Nothing to remove: "
              + who
              + " has no access to "
              + app
              + " (removed or revoked before, or never authorized); nothing was posted.");
      return;
    }
    out.println("Removed " + who + " from " + app + ": its tokens for it now answer HTTP 401.");
    Integer status = outcome.removeUrlStatus();
    if (!outcome.removeUrlCalled()) {
      out.println("removeUrl: none configured (emulator --remove-url); nothing was posted.");
    } else if (status != null) {
      out.println("removeUrl: POSTed, answered HTTP " + status + ".");
    } else {
      out.println("removeUrl: POSTed, no answer (the emulator's output says why).");
    }
  }

  /**
   * {@code --base-url}, checked: the emulator listens on 127.0.0.1 only, and the admin secret must
   * not leave the machine.
   *
   * @throws CliFailure a usage error naming the rule
   */
  private URI emulatorUrl() {
    URI uri;
    try {
      uri = UrlRule.httpsOrLoopback(baseUrl, Options.BASE_URL, false);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid " + Options.BASE_URL + ": " + e.getMessage());
    }
    if (!Hosts.isLoopback(uri.getHost())) {
      throw CliFailure.usage(
          "invalid "
              + Options.BASE_URL
              + ": the emulator listens on a loopback address only, and the admin secret goes"
              + " nowhere else: "
              + UntrustedText.clean(uri.getHost()));
    }
    return uri;
  }

  /**
   * POSTs the removal to the admin endpoint and waits for the answer (the emulator answers once the
   * {@code removeUrl} answered or failed). Blocks: main thread only.
   *
   * @throws CliFailure exit {@value SuncoOAuthCli#EXIT_NETWORK} when the emulator cannot be reached
   *     within {@code --timeout}
   */
  private Answer send(URI emulator, String secret, String hostPort) {
    String base = emulator.toString();
    String target =
        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
            + SunshineOAuthEmulator.ADMIN_REMOVE_INTEGRATION_PATH;
    byte[] body = Json.writeObject("clientId", clientId, "appId", appId);
    Duration wait = deadline.value();
    HttpClient http =
        caFile
            .secure(HttpClient.create(ConnectionProvider.newConnection()))
            .followRedirect(false)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(wait.toMillis(), Integer.MAX_VALUE))
            .responseTimeout(wait)
            .headers(
                headers ->
                    headers
                        .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + secret)
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
    Answer answer;
    try {
      answer =
          http.post()
              .uri(target)
              .send((request, outbound) -> outbound.sendByteArray(Mono.just(body)))
              .responseSingle(
                  (response, content) ->
                      content
                          .asString(StandardCharsets.UTF_8)
                          .defaultIfEmpty("")
                          .map(text -> new Answer(response.status().code(), text)))
              .timeout(wait)
              .block();
    } catch (RuntimeException e) {
      throw Preflight.unreachable(
          e,
          "the emulator",
          hostPort,
          wait,
          "is `emulator` running there, and is " + Options.BASE_URL + " right?");
    }
    if (answer == null) {
      throw new CliFailure(
          SuncoOAuthCli.EXIT_PROTOCOL, "the emulator at " + hostPort + " sent no answer");
    }
    return answer;
  }

  /**
   * The failure for an answer other than {@code 200}: exit {@value
   * SuncoOAuthCli#EXIT_SERVER_ERROR}.
   */
  private CliFailure refused(Answer answer, String hostPort) {
    String why =
        switch (answer.status()) {
          case 401 ->
              ": the admin secret is not the one the emulator was started with; give both the"
                  + " same $"
                  + adminSecretEnv.name();
          case 404 ->
              ": it has no admin endpoint; start it with $"
                  + adminSecretEnv.name()
                  + " set, or check "
                  + Options.BASE_URL;
          default -> "";
        };
    return new CliFailure(
        SuncoOAuthCli.EXIT_SERVER_ERROR,
        "the emulator at "
            + hostPort
            + " refused the removal: HTTP "
            + answer.status()
            + errors(answer.body())
            + why);
  }

  /** The v2 errors of an error body, as {@code " [code: title]"}, cleaned; empty when none. */
  private static String errors(String body) {
    List<String> described = new ArrayList<>();
    try {
      @Nullable Object[] members =
          Json.readMembers(body.getBytes(StandardCharsets.UTF_8), "errors");
      if (members != null && members[0] instanceof List<?> errors) {
        for (Object error : errors) {
          if (error instanceof Map<?, ?> fields
              && fields.get("code") instanceof String code
              && fields.get("title") instanceof String title) {
            described.add(code + ": " + title);
          }
        }
      }
    } catch (Json.MalformedJsonException notJson) {
      return "";
    }
    return described.isEmpty()
        ? ""
        : " [" + UntrustedText.clean(String.join("; ", described), 300) + "]";
  }

  /**
   * The admin endpoint's {@code 200} answer.
   *
   * @throws CliFailure exit {@value SuncoOAuthCli#EXIT_PROTOCOL} when it is not the one the
   *     endpoint sends
   */
  private static Outcome outcome(Answer answer, String hostPort) {
    try {
      @Nullable Object[] members =
          Json.readMembers(
              answer.body().getBytes(StandardCharsets.UTF_8),
              "accessEnded",
              "removeUrlCalled",
              "removeUrlStatus");
      if (members != null
          && members[0] instanceof Boolean accessEnded
          && members[1] instanceof Boolean removeUrlCalled
          && (members[2] == null || members[2] == Json.NULL || members[2] instanceof Number)) {
        Integer status = members[2] instanceof Number number ? number.intValue() : null;
        return new Outcome(accessEnded, removeUrlCalled, status);
      }
    } catch (Json.MalformedJsonException notJson) {
      // Reported below, as any other answer that is not the endpoint's.
    }
    throw new CliFailure(
        SuncoOAuthCli.EXIT_PROTOCOL,
        "the emulator at "
            + hostPort
            + " answered 200 without accessEnded and removeUrlCalled: is "
            + Options.BASE_URL
            + " an emulator's?");
  }
}
