package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.StoreErrors.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.testing.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link RedisClusterStoreConnection#connect} says about bad arguments and about a cluster
 * nobody serves, without a cluster: the contract and failover tests need six redis-server
 * processes, so they run outside the mutation run, and these are what the mutation run has of the
 * class. A password given with the seeds shows in no message and no printed stack trace.
 */
class RedisClusterConnectArgumentsTest {

  private static final String PASSWORD = "cluster-password-7f3a";

  @Test
  void connectWhenNullThenNullPointerNamingTheArgument() {
    assertThatThrownBy(() -> RedisClusterStoreConnection.connect((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("seedUris");
    assertThatThrownBy(() -> RedisClusterStoreConnection.connect(null, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("seeds");
    assertThatThrownBy(() -> RedisClusterStoreConnection.connect(List.of(seed(1)), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("topologyRefresh");
    assertThatThrownBy(
            () ->
                RedisClusterStoreConnection.connect(
                    Arrays.asList(seed(1), null), Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("seed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis://" + PASSWORD + "@[127.0.0.1:1", "not a uri ::: " + PASSWORD})
  void connectWhenNotAUriThenIllegalArgumentWithoutTheUriOrItsPassword(String uri) {
    assertThatThrownBy(() -> RedisClusterStoreConnection.connect(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasNoCause()
        .hasMessage("Not a Redis Cluster URI (expected redis://host1:port1,host2:port2)");
  }

  @Test
  void connectWhenNoSeedThenIllegalArgument() {
    assertThatThrownBy(() -> RedisClusterStoreConnection.connect(List.of(), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A Redis Cluster connection needs at least one seed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1S", "PT1H0.000000001S"})
  void connectWhenTopologyRefreshOutOfRangeThenIllegalArgument(String refresh) {
    assertThatThrownBy(
            () -> RedisClusterStoreConnection.connect(List.of(seed(1)), Duration.parse(refresh)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topologyRefresh must be positive and at most one hour");
  }

  /**
   * The longest refresh is accepted: the call gets past the checks to the connection, which fails
   * because nothing listens, with the library's error and without the seed's password.
   */
  @Test
  void connectWhenNothingListensThenStoreUnavailableOfConnectWithoutThePassword() {
    RedisURI seed =
        RedisURI.builder()
            .withHost("127.0.0.1")
            .withPort(Ports.unused())
            .withPassword(PASSWORD.toCharArray())
            .build();

    assertThatThrownBy(
            () -> RedisClusterStoreConnection.connect(List.of(seed), Duration.ofHours(1)))
        .satisfies(failed(Operation.CONNECT, RedisConnectionException.class)::accept)
        .satisfies(RedisClusterConnectArgumentsTest::showsNoPassword);
  }

  @Test
  void connectWhenAUriOfSeedsAndNothingListensThenStoreUnavailableOfConnect() {
    String uri =
        "redis://" + PASSWORD + "@127.0.0.1:" + Ports.unused() + ",127.0.0.1:" + Ports.unused();

    assertThatThrownBy(() -> RedisClusterStoreConnection.connect(uri))
        .satisfies(failed(Operation.CONNECT, RedisConnectionException.class)::accept)
        .satisfies(RedisClusterConnectArgumentsTest::showsNoPassword);
  }

  /**
   * Neither a message of the chain nor the stack trace a logger would print (suppressed exceptions,
   * where Lettuce puts each node's failure, included) shows the password.
   */
  private static void showsNoPassword(Throwable error) {
    StringWriter printed = new StringWriter();
    error.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString()).contains(error.getClass().getName()).doesNotContain(PASSWORD);
  }

  private static RedisURI seed(int port) {
    return RedisURI.create("127.0.0.1", port);
  }
}
