/**
 * Who may call the HTTP side: API keys with a role ({@code ingest}, {@code read}, {@code admin}), issued once in
 * clear, stored only as a keyed hash, recognised in constant time, and revoked.
 */
package io.kairos.domain.access;
