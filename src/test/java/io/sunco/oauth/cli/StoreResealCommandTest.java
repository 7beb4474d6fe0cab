package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.store.KeyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store-reseal}'s input errors, found before any connection (no server needed). */
class StoreResealCommandTest {

  @TempDir Path dir;

  private final CliRun run = new CliRun(Map.of());

  private int reseal(Path keyFile, String... more) {
    String[] args =
        new String[] {
          "store-reseal",
          "--store",
          "postgresql://app@127.0.0.1/connected",
          "--key-file",
          keyFile.toString(),
          "--client-id",
          "client-1"
        };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return run.run(all);
  }

  private Path keyFile(String permissions) throws IOException {
    Path file = dir.resolve("keys");
    String line = KeyFile.newKeyLine("2026-12");
    Files.writeString(file, "primary = 2026-12\n" + line + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void storeResealWhenTheKeyFileIsMissingThenExit2NamingIt() {
    Path missing = dir.resolve("missing.keys");

    assertThat(reseal(missing)).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString())
        .startsWith("sunco-oauth store-reseal: invalid --key-file: cannot read " + missing)
        .contains("NoSuchFileException");
  }

  @Test
  void storeResealWhenOthersMayReadTheKeyFileThenExit2WithoutPrintingAKey() throws IOException {
    Path open = keyFile("rw-r--r--");
    String key = Files.readAllLines(open).get(1);

    assertThat(reseal(open)).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).contains("invalid --key-file: ").contains(open.toString());
    assertThat(run.all()).doesNotContain(key.substring(key.indexOf('=') + 1).strip());
  }

  @Test
  void storeResealWhenConcurrencyOutOfRangeThenExit2() throws IOException {
    Path keys = keyFile("rw-------");

    assertThat(reseal(keys, "--concurrency", "33")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).contains("--concurrency must be 1 to 32");
  }

  @Test
  void storeResealWhenTheTableNameBreaksTheRuleThenExit2BeforeAnyConnection() throws IOException {
    Path keys = keyFile("rw-------");

    assertThat(reseal(keys, "--table", "Bad-Name")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).startsWith("sunco-oauth store-reseal: invalid --table: ");
  }

  @Test
  void storeResealWhenTheClientIdIsBlankThenExit2() throws IOException {
    Path keys = keyFile("rw-------");

    String[] args = {
      "store-reseal",
      "--store",
      "postgresql://app@127.0.0.1/connected",
      "--key-file",
      keys.toString(),
      "--client-id",
      " "
    };
    assertThat(run.run(args)).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).contains("--client-id must not be blank");
  }
}
