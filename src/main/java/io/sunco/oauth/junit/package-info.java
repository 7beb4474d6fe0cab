/**
 * A JUnit 5 extension that runs a {@link io.sunco.oauth.emulator.SunshineOAuthEmulator} for a test
 * class or for each test, injects it and a {@link io.sunco.oauth.SunshineOAuthClient} configured
 * for it, resets it between tests and checks what it received ({@link
 * io.sunco.oauth.junit.EmulatorAssertions}). The only package that uses JUnit: {@code
 * junit-jupiter-api} is an optional dependency of this library, which a test project has anyway.
 */
@NullMarked
package io.sunco.oauth.junit;

import org.jspecify.annotations.NullMarked;
