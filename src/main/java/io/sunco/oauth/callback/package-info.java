/**
 * Callback safety for the OAuth authorization-code redirect (login CSRF protection per RFC 6749
 * §10.12 and RFC 9700): start a flow with an unguessable {@code state} tied to the browser, and on
 * the redirect back hand out the authorization code only when that state checks out. Nothing in
 * this package logs, and no {@code toString()} or exception message contains a code, a state, a
 * nonce, a browser binding or a key.
 *
 * <h2>Glossary</h2>
 *
 * Each word below means one thing in this library, and each type is named after the one thing it
 * is.
 *
 * <dl>
 *   <dt>state
 *   <dd>The value of the OAuth {@code state} parameter: sent in the authorize URL, echoed on the
 *       redirect. Random ones come from {@link io.sunco.oauth.callback.StateGenerator}; signed ones
 *       from {@link io.sunco.oauth.callback.SignedStateCodec}.
 *   <dt>browser binding
 *   <dd>What the browser that started a flow must present again on its callback (a cookie's value
 *       or a hash of the session id), compared in constant time; the proof that the callback comes
 *       from the same browser. A <em>browser nonce</em> is a random browser binding in a cookie.
 *   <dt>pending authorization
 *   <dd>What is remembered about a started flow until its callback: the browser binding, when it
 *       started, the {@code redirect_uri} sent and the application's attributes: {@link
 *       io.sunco.oauth.callback.PendingAuthorization}.
 *   <dt>pending-authorization store
 *   <dd>Keeps each pending authorization under its state and gives it back once: {@link
 *       io.sunco.oauth.callback.PendingAuthorizationStore}, in memory {@link
 *       io.sunco.oauth.callback.InMemoryPendingAuthorizationStore}, shared {@code
 *       io.sunco.oauth.redis.RedisPendingAuthorizationStore}.
 *   <dt>signed state
 *   <dd>The stateless alternative to a store, for clusters without sticky sessions: a state that
 *       carries its own expiry and signature and is bound to a browser nonce: {@link
 *       io.sunco.oauth.callback.SignedState} (the state, its nonce and its expiry, as issued by
 *       {@link io.sunco.oauth.callback.SignedStateCodec}); once checked, a {@link
 *       io.sunco.oauth.callback.VerifiedSignedState} (its replay key and expiry).
 *   <dt>replay guard
 *   <dd>Remembers which signed states were used, so that each is accepted once: {@link
 *       io.sunco.oauth.callback.ReplayGuard}, in memory {@link
 *       io.sunco.oauth.callback.InMemoryReplayGuard}, shared {@code
 *       io.sunco.oauth.redis.RedisReplayGuard}. A store or guard that cannot answer errors with
 *       {@link io.sunco.oauth.callback.StoreUnavailableException}.
 *   <dt>callback
 *   <dd>The redirect back from the consent page. {@link
 *       io.sunco.oauth.callback.AuthorizationCallback} parses it, checks its state (with a store,
 *       or with signed states and optionally a replay guard) and emits a {@link
 *       io.sunco.oauth.callback.VerifiedCallback}: the {@link
 *       io.sunco.oauth.callback.AuthorizationCode} and, with a store, the pending authorization.
 *       Otherwise it errors with an {@link io.sunco.oauth.callback.AuthorizationCallbackException}
 *       whose {@link io.sunco.oauth.callback.AuthorizationCallbackException.Reason} says why (a
 *       customer's refusal arrives as {@link
 *       io.sunco.oauth.callback.AuthorizationDeniedException}).
 * </dl>
 */
@NullMarked
package io.sunco.oauth.callback;

import org.jspecify.annotations.NullMarked;
