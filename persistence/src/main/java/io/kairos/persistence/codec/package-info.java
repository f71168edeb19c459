/** JSON codecs for what the schema stores as jsonb: event properties, whole events and user state. */
package io.kairos.persistence.codec;
