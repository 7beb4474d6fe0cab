/**
 * Pending authorizations, used signed states and connected apps shared by several instances of an
 * application, in Redis through Lettuce's reactive API, and the only package of this library that
 * uses Lettuce ({@code lettuce-core} is an optional dependency: an application that uses this
 * package brings its own, 6.8 or 7.x). {@link io.sunco.oauth.redis.RedisPendingAuthorizationStore}
 * keeps pending authorizations (save with {@code SET NX PX}, consume with one atomic Lua script),
 * {@link io.sunco.oauth.redis.RedisReplayGuard} remembers used signed states ({@code SET NX PX}),
 * and {@link io.sunco.oauth.redis.RedisStoreConnection} opens a connection from a Redis URI when
 * the application has none to share ({@link io.sunco.oauth.redis.RedisClusterStoreConnection} for
 * Redis Cluster). The words are those of the glossary in {@link io.sunco.oauth.callback}.
 *
 * <p>Every class here takes a Lettuce connection's reactive commands, a {@code
 * RedisClusterClient}'s included, and every command and script names one key, or keys of one hash
 * slot: each runs on the one primary that serves that slot. While that primary is unreachable (and,
 * with Redis's default {@code cluster-require-full-coverage yes}, while the cluster counts it
 * failed, for every slot) the {@code Mono} errors with {@link
 * io.sunco.oauth.callback.StoreUnavailableException} and a flow fails closed; once a replica has
 * taken over, flows whose state it holds complete as before. Redis replicates asynchronously: see
 * {@link io.sunco.oauth.redis.RedisClusterStoreConnection} for what a failover can lose.
 *
 * <p>What Redis holds: keys made of a configurable prefix and a SHA-256 digest of the state or
 * replay key, never the value itself; records that start with a format byte, so that a later
 * version can read them or refuse them clearly; and a state's data (its browser binding, redirect
 * URI and attributes) encrypted with AES-256-GCM under a key derived from the state, which Redis
 * never sees. The binding is kept, not hashed, because {@link
 * io.sunco.oauth.callback.AuthorizationCallback} compares the binding it gets back from the store
 * with the one the browser presents, in constant time; encrypting it means a copy of Redis reveals
 * no binding (a session hash or a cookie nonce) and no attribute, while the callback code is
 * unchanged.
 *
 * <p>Connected apps ({@link io.sunco.oauth.redis.RedisSealedRecords}, the {@link
 * io.sunco.oauth.store.SealedRecords} backend of {@code io.sunco.oauth.store}) are laid out for
 * Redis Cluster from the start: every key of one client id is {@code <prefix>{<tag>}:...}, the tag
 * being 16 characters of a SHA-256 digest of the client id, so all of a client's keys share one
 * hash slot and every command and script touches that slot only. Under it: {@code r:<app>}, the
 * record (a string that starts with a format byte, then the revision and the names of the record's
 * attribute sets, then the record, whose token the key ring sealed before it got here); {@code a},
 * the set of the client's apps; {@code i:<attribute>}, one set per attribute name and value; {@code
 * n}, the revision counter. {@code <app>} and {@code <attribute>} are SHA-256 digests, so no app
 * id, attribute name or value appears in a key name. Every write is one Lua script that keeps the
 * sets in step with the record; listings walk a set with {@code SSCAN}, a batch at a time.
 *
 * <p>When Redis is unreachable, fails or is slower than a command's deadline, the {@code Mono}
 * errors with {@link io.sunco.oauth.callback.StoreUnavailableException}; the WebFlux routes answer
 * {@code 503} and exchange no code. Nothing here blocks an event loop, logs, or closes a connection
 * it was given.
 */
@NullMarked
package io.sunco.oauth.redis;

import org.jspecify.annotations.NullMarked;
