/**
 * Session history in Jakarta Persistence: sessions, turns (what was said and what was actually
 * heard), per-turn metrics and recording metadata. {@link dev.parley.store.SessionHistory} records
 * them from the session layer's events; {@link dev.parley.store.SessionStore} reads and writes them
 * on the default data source (jdbc/__default, H2 on Payara 6), so history survives a restart.
 */
package dev.parley.store;
