/** Activity events: the validated, versioned envelope every adapter hands to the engine. */
package io.kairos.domain.event;
