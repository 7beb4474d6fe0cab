/**
 * The errors of the Sunshine Conversations OAuth client: one sealed root, {@link
 * io.sunco.oauth.error.SunshineOAuthException}, and four branches that say what went wrong and what
 * a caller can do about it (the server answered with an error, the network failed, a deadline ran
 * out, or a success answer broke the protocol). No message in this package ever carries a client
 * secret, an authorization code or an access token; text chosen by the server is stripped of
 * control characters and capped before it enters a message.
 */
@NullMarked
package io.sunco.oauth.error;

import org.jspecify.annotations.NullMarked;
