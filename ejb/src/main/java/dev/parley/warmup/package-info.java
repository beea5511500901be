/**
 * Preloading: runs each configured speech provider once when the application starts
 * ({@code parley.preload.enabled}), so that the first call answers as fast as later ones.
 */
package dev.parley.warmup;
