package io.sunco.oauth.cli;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the commands take from the world outside the JVM: environment variables, the desktop browser
 * and shutdown hooks. Tests replace each of them.
 */
final class CliContext {

  /** Opens a URL in a browser. */
  interface Browser {
    /** Tries to open {@code url}; {@code false} when no browser could be opened. */
    boolean open(URI url);
  }

  /** Registers and removes JVM shutdown hooks. */
  interface ShutdownHooks {
    void add(Thread hook);

    /** Removes a hook; does nothing when the JVM is already shutting down. */
    void remove(Thread hook);
  }

  private final Function<String, String> environment;
  private final Browser browser;
  private final ShutdownHooks shutdownHooks;
  private final Consumer<SunshineOAuthEmulator> emulatorStarted;
  private final Consumer<SunshineOAuthEmulator> emulatorClosing;

  CliContext(
      Function<String, String> environment,
      Browser browser,
      ShutdownHooks shutdownHooks,
      Consumer<SunshineOAuthEmulator> emulatorStarted,
      Consumer<SunshineOAuthEmulator> emulatorClosing) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.browser = Objects.requireNonNull(browser, "browser");
    this.shutdownHooks = Objects.requireNonNull(shutdownHooks, "shutdownHooks");
    this.emulatorStarted = Objects.requireNonNull(emulatorStarted, "emulatorStarted");
    this.emulatorClosing = Objects.requireNonNull(emulatorClosing, "emulatorClosing");
  }

  /** The real process: {@link System#getenv}, {@link Desktop}, {@link Runtime} hooks. */
  static CliContext system() {
    return new CliContext(
        System::getenv, CliContext::openWithDesktop, RUNTIME_HOOKS, e -> {}, e -> {});
  }

  /** The value of an environment variable; empty when unset or blank. */
  Optional<String> env(String name) {
    return Optional.ofNullable(environment.apply(name)).filter(value -> !value.isBlank());
  }

  /**
   * The value of a variable that must be set.
   *
   * @param what what the variable holds, for the message, such as "the client secret"
   * @throws CliFailure a usage error naming the variable when it is unset or blank
   */
  String requireEnv(String name, String what) {
    return env(name)
        .orElseThrow(
            () ->
                CliFailure.usage(
                    "the environment variable "
                        + name
                        + " is not set: put "
                        + what
                        + " in it (secrets are never taken from the command line)"));
  }

  Browser browser() {
    return browser;
  }

  ShutdownHooks shutdownHooks() {
    return shutdownHooks;
  }

  /** Called with every emulator a command starts, before it is used; tests inspect it. */
  void emulatorStarted(SunshineOAuthEmulator emulator) {
    emulatorStarted.accept(emulator);
  }

  /** Called with the demo's emulator after its last step, before it closes; tests inspect it. */
  void emulatorClosing(SunshineOAuthEmulator emulator) {
    emulatorClosing.accept(emulator);
  }

  private static final ShutdownHooks RUNTIME_HOOKS =
      new ShutdownHooks() {
        @Override
        public void add(Thread hook) {
          Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void remove(Thread hook) {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing to remove.
          }
        }
      };

  private static boolean openWithDesktop(URI url) {
    try {
      if (GraphicsEnvironment.isHeadless()
          || !Desktop.isDesktopSupported()
          || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        return false;
      }
      Desktop.getDesktop().browse(url);
      return true;
    } catch (Exception | LinkageError e) {
      // No desktop, no browser, no AWT native libraries: the URL is printed anyway.
      return false;
    }
  }
}
