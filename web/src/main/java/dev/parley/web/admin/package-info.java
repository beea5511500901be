/**
 * The admin REST API under {@code /api/v1/sessions}: live and past sessions, transcripts, per-turn
 * metrics, recordings (with HTTP Range) and terminating a live session. Thin boundary over
 * {@link dev.parley.store.SessionStore} and {@link dev.parley.session.SessionRegistry}; access is
 * guarded by {@link dev.parley.web.security.AdminAuthenticationMechanism}.
 */
package dev.parley.web.admin;
