/**
 * The data lifecycle: deleting a stored session with its recording file
 * ({@link dev.parley.lifecycle.SessionDeletion}, never half-way), pruning sessions older than the
 * retention setting on a schedule ({@link dev.parley.lifecycle.DataLifecycle}), and the notice
 * that tells callers their call is recorded ({@link dev.parley.lifecycle.LifecycleSettings}).
 */
package dev.parley.lifecycle;
