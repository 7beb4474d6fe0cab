/**
 * Callback safety for the OAuth authorization-code redirect (login CSRF protection per RFC 6749
 * §10.12 and RFC 9700): {@link io.sunco.oauth.callback.StateGenerator} makes unguessable {@code
 * state} values without blocking an event loop; an {@link
 * io.sunco.oauth.callback.PendingAuthorizationStore} (in memory: {@link
 * io.sunco.oauth.callback.InMemoryPendingAuthorizationStore}) remembers each state once, bound to the
 * browser that started the flow, or, for clusters without sticky sessions, {@link
 * io.sunco.oauth.callback.SignedStateCodec} makes self-contained HMAC-signed states bound to a
 * browser nonce cookie; and {@link io.sunco.oauth.callback.AuthorizationCallback} parses the
 * redirect query, checks the state and emits the {@link io.sunco.oauth.callback.AuthorizationCode}
 * or errors with an {@link io.sunco.oauth.callback.AuthorizationCallbackException} whose {@link
 * io.sunco.oauth.callback.AuthorizationCallbackException.Reason} says why (a customer's refusal
 * arrives as {@link io.sunco.oauth.callback.AuthorizationDeniedException}). Nothing in this package
 * logs, and no {@code toString()} or exception message contains a code, a state, a nonce, a browser
 * binding or a key.
 */
@NullMarked
package io.sunco.oauth.callback;

import org.jspecify.annotations.NullMarked;
