# Issue 24, item 3: one vocabulary for the pending flow (glossary: io/sunco/oauth/callback/package-info.java).
# Apply with: git ls-files | grep -E '\.(java|xml|properties|imports|factories)$' | grep -v -e '^README.md$' -e '^src/site/' | xargs sed -i -E -f renames.sed
# Idempotent: no new name matches an old pattern.
s/\bStateData\b/PendingAuthorization/g
s/\bstateData\b/pendingAuthorization/g
s/\bStateDataTest\b/PendingAuthorizationTest/g
s/\bAuthorizationStateStore\b/PendingAuthorizationStore/g
s/\bAuthorizationStateStoreContract\b/PendingAuthorizationStoreContract/g
s/\bInMemoryAuthorizationStateStore\b/InMemoryPendingAuthorizationStore/g
s/\bInMemoryAuthorizationStateStoreTest\b/InMemoryPendingAuthorizationStoreTest/g
s/\bInMemoryAuthorizationStateStoreContractTest\b/InMemoryPendingAuthorizationStoreContractTest/g
s/\bRedisAuthorizationStateStore\b/RedisPendingAuthorizationStore/g
s/\bRedisAuthorizationStateStoreTest\b/RedisPendingAuthorizationStoreTest/g
s/\bRedisAuthorizationStateStoreContractTest\b/RedisPendingAuthorizationStoreContractTest/g
s/\bStateReplayGuard\b/ReplayGuard/g
s/\bStateReplayGuardContract\b/ReplayGuardContract/g
s/\bInMemoryStateReplayGuard\b/InMemoryReplayGuard/g
s/\bInMemoryStateReplayGuardTest\b/InMemoryReplayGuardTest/g
s/\bInMemoryStateReplayGuardContractTest\b/InMemoryReplayGuardContractTest/g
s/\bRedisStateReplayGuard\b/RedisReplayGuard/g
s/\bRedisStateReplayGuardTest\b/RedisReplayGuardTest/g
s/\bRedisStateReplayGuardContractTest\b/RedisReplayGuardContractTest/g
s/\bVerifiedState\b/VerifiedSignedState/g
s/\bStateStoreUnavailableException\b/StoreUnavailableException/g
s/\bStateStoreUnavailableExceptionTest\b/StoreUnavailableExceptionTest/g
s/\bRedisStateConnection\b/RedisStoreConnection/g
s/\bStateRecords\b/PendingAuthorizationRecords/g
s/\bPendingStates\b/PendingFlows/g
s/\bStoredStates\b/StorePendingFlows/g
s/\bSignedStates\b/SignedPendingFlows/g
s/\bio\.sunco\.oauth\.callback\.CallbackPage\b/io.sunco.oauth.internal.CallbackPage/g
