/**
 * Internals of the client: transport over Reactor Netty, the JSON codec, percent-encoding and host
 * checks. Not API: anything here may change in any release without notice.
 */
@NullMarked
package io.sunco.oauth.internal;

import org.jspecify.annotations.NullMarked;
