/**
 * Several Parley instances as one service: what every instance must agree on (the session limits,
 * which instance owns a live session, who is still a member) and the admin actions one instance
 * hands to another. The state lives in a {@link dev.parley.cluster.Grid}: Payara's Hazelcast data
 * grid when it runs, this instance's memory when it does not; the session history (and with it the
 * directory of live sessions and their owners) stays in the shared database.
 */
package dev.parley.cluster;
