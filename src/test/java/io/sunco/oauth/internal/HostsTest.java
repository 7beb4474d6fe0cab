package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST",
        "127.0.0.1",
        "127.255.255.254",
        "127.9.99.199",
        "[::1]",
        "::1",
        "[0:0:0:0:0:0:0:1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]"
      })
  void isLoopbackWhenLoopbackLiteralThenTrue(String host) {
    assertThat(Hosts.isLoopback(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "example.com",
        "127.0.0.1.nip.io",
        "localhost.example.com",
        "128.0.0.1",
        "10.0.0.1",
        "127.0.0",
        "127.0.0.256",
        "[::2]",
        "[fe80::1]",
        "0x7f.1",
        "[::ffff:zz]",
        "[::1%1]",
        "[1::1::1]",
        ":::",
        "127.0.0.",
        "127..0.1",
        "127.0.0.0001",
        "127.0.0.x",
        "127.0.0.\u0661",
        "\u0661\u0662\u0667.0.0.1"
      })
  void isLoopbackWhenOtherHostThenFalse(String host) {
    assertThat(Hosts.isLoopback(host)).isFalse();
  }
}
