/**
 * Immutable policies of the client: {@link io.sunco.oauth.policy.Timeouts} (the deadlines a call
 * runs under), {@link io.sunco.oauth.policy.RetryPolicy} (how many attempts, how long between them)
 * and {@link io.sunco.oauth.policy.RetryBudget} (how many retries all calls of one client may make
 * together). Every {@code withX} method returns a changed copy; every default is a documented
 * constant.
 */
@NullMarked
package io.sunco.oauth.policy;

import org.jspecify.annotations.NullMarked;
