package io.sunco.oauth.redis;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.sunco.oauth.store.SealedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every key that any call of {@link RedisSealedRecords} touches, the ones a script derives from a
 * record's header included, is in the hash slot of its client's tag: what {@code MONITOR} shows
 * (the commands sent and those the scripts ran), hashed as Redis Cluster does ({@link
 * SlotHash#getSlot}). So each command and script stays within one slot, as Redis Cluster requires.
 */
class RedisSealedRecordsSlotTest {

  private static final String PREFIX = "sunco-oauth:app:";
  private static final String END = "end-of-the-calls-under-test";
  private static final Pattern ARGUMENT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  @RegisterExtension static final SharedRedis redis = new SharedRedis();

  @Test
  void everyCallWhenMonitoredThenEveryKeyItTouchesIsInTheSlotOfItsClient() {
    RedisSealedRecords records = RedisSealedRecords.create(redis.commands(0));
    String client = RedisSealedRecordsTest.CLIENT;
    List<String> seen;
    try (RedisMonitor monitor = new RedisMonitor(redis.server().port())) {
      callEveryOperation(records, client);
      callEveryOperation(records, "another-client");
      redis.admin().echo(END.getBytes(ISO_8859_1));
      seen = monitor.until(line -> line.contains(END), Duration.ofSeconds(30));
    }

    Map<String, Set<String>> keysByTag = new HashMap<>();
    Set<String> commands = new TreeSet<>();
    for (String line : seen) {
      List<String> arguments = arguments(line);
      if (arguments.isEmpty()) {
        continue;
      }
      commands.add((line.startsWith("0 lua]") ? "lua " : "") + arguments.get(0));
      List<String> keys = arguments.stream().filter(a -> a.startsWith(PREFIX)).toList();
      assertThat(keys.stream().map(RedisSealedRecordsSlotTest::slot).distinct())
          .as("the keys of one command: %s", line)
          .hasSizeLessThanOrEqualTo(1);
      for (String key : keys) {
        String tag = key.substring(key.indexOf('{'), key.indexOf('}') + 1);
        keysByTag.computeIfAbsent(tag, t -> new TreeSet<>()).add(key);
      }
    }

    assertThat(commands)
        .as("the calls ran every kind of command")
        .contains("EVALSHA", "GET", "SSCAN", "MGET", "lua GET", "lua INCR", "lua SET", "lua SADD")
        .contains("lua SREM", "lua DEL");
    assertThat(keysByTag).as("one tag per client").hasSize(2);
    for (Set<String> keys : keysByTag.values()) {
      assertThat(keys.stream().map(RedisSealedRecordsSlotTest::slot).distinct())
          .as("the slots of %s", keys)
          .hasSize(1);
      assertThat(keys)
          .as("record, app set, counter and attribute sets, also those a script derived")
          .anyMatch(key -> key.contains("}:r:"))
          .anyMatch(key -> key.endsWith("}:a"))
          .anyMatch(key -> key.endsWith("}:n"))
          .anyMatch(key -> key.matches(".*\\}:i:.+"));
    }
  }

  @Test
  void keysWhenBuiltForOneClientThenOneSlotAndClientsSpreadOverSlots() {
    RecordKeys keys = new RecordKeys(PREFIX);
    Set<Integer> slotsOfClients = new TreeSet<>();
    for (int c = 0; c < 50; c++) {
      RecordKeys.Client client = keys.client("client-" + c);
      byte[] member = client.member("app-1");
      List<byte[]> all = new ArrayList<>();
      all.add(client.record(member));
      all.add(client.apps());
      all.add(client.counter());
      all.add(client.attributeSet(client.attribute("user", "u1")));
      all.add(client.attributePrefix());
      Set<Integer> slots = new TreeSet<>();
      all.forEach(key -> slots.add(SlotHash.getSlot(key)));
      assertThat(slots).as("client-%d", c).hasSize(1);
      slotsOfClients.addAll(slots);
    }
    assertThat(slotsOfClients).as("50 clients are not all in a few slots").hasSizeGreaterThan(40);
  }

  private static void callEveryOperation(RedisSealedRecords records, String client) {
    SealedRecord first =
        records.upsert(withClient(client, Map.of("user", "u1", "tenant", "t1"))).block();
    records.upsert(withClient(client, Map.of("user", "u2"))).block();
    SealedRecord seen = records.find(client, "app-1").block();
    records.findByAttribute(client, "user", "u2").collectList().block();
    records.list(client).collectList().block();
    records.replaceIfUnchanged(seen, withClient(client, Map.of("user", "u3"))).block();
    records.replaceIfUnchanged(first, withClient(client, Map.of())).block();
    records.deleteIfUnchanged(first).block();
    records.delete(client, "app-1").block();
  }

  private static SealedRecord withClient(String client, Map<String, String> attributes) {
    return RedisSealedRecordsTest.record(client, "app-1", attributes);
  }

  /** The quoted arguments of a MONITOR line, the command first (keys are plain ASCII here). */
  private static List<String> arguments(String line) {
    List<String> arguments = new ArrayList<>();
    Matcher matcher = ARGUMENT.matcher(line);
    while (matcher.find()) {
      arguments.add(matcher.group(1));
    }
    return arguments;
  }

  private static int slot(String key) {
    return SlotHash.getSlot(key.getBytes(ISO_8859_1));
  }
}
