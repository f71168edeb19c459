/** In-memory implementations of the outbound ports, for tests and benchmarks of any module (not for production). */
package io.kairos.domain.port.out.inmemory;
