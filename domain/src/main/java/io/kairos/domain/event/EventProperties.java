package io.kairos.domain.event;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The typed payload of an event: one record per known event type, and {@link Custom} for the rest.
 *
 * <p>Property names exposed to conditions and templates are the snake_case wire names, e.g.
 * {@code event.revenue} or {@code event.unit_price}; numbers are returned as {@link Double}.
 */
public sealed interface EventProperties {

    /** The event type's wire name. */
    String type();

    /** The value of a named property, or null when absent. */
    Object property(String name);

    /** A page was viewed. */
    record PageView(String url, String category) implements EventProperties {
        public PageView {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String type() {
            return KnownEventType.PAGE_VIEW.wireName();
        }

        @Override
        public Object property(String name) {
            return switch (name) {
                case "url" -> url;
                case "category" -> category;
                default -> null;
            };
        }
    }

    /** A product page was viewed; category and price are optional (null when absent). */
    record ProductView(String productId, String category, Double price) implements EventProperties {
        public ProductView {
            Objects.requireNonNull(productId, "productId");
        }

        @Override
        public String type() {
            return KnownEventType.PRODUCT_VIEW.wireName();
        }

        @Override
        public Object property(String name) {
            return switch (name) {
                case "product_id" -> productId;
                case "category" -> category;
                case "price" -> price;
                default -> null;
            };
        }
    }

    /** Items were added to the cart; category is optional. */
    record AddToCart(String productId, int quantity, double unitPrice, String category) implements EventProperties {
        public AddToCart {
            Objects.requireNonNull(productId, "productId");
        }

        @Override
        public String type() {
            return KnownEventType.ADD_TO_CART.wireName();
        }

        @Override
        public Object property(String name) {
            return switch (name) {
                case "product_id" -> productId;
                case "quantity" -> (double) quantity;
                case "unit_price" -> unitPrice;
                case "category" -> category;
                default -> null;
            };
        }
    }

    /** Items were removed from the cart. */
    record RemoveFromCart(String productId, int quantity) implements EventProperties {
        public RemoveFromCart {
            Objects.requireNonNull(productId, "productId");
        }

        @Override
        public String type() {
            return KnownEventType.REMOVE_FROM_CART.wireName();
        }

        @Override
        public Object property(String name) {
            return switch (name) {
                case "product_id" -> productId;
                case "quantity" -> (double) quantity;
                default -> null;
            };
        }
    }

    /** Checkout started; the checkout id is optional. */
    record CheckoutStarted(String checkoutId) implements EventProperties {
        @Override
        public String type() {
            return KnownEventType.CHECKOUT_STARTED.wireName();
        }

        @Override
        public Object property(String name) {
            return "checkout_id".equals(name) ? checkoutId : null;
        }
    }

    /** An order was paid: the conversion every report counts. */
    record Purchase(String orderId, double revenue, String currency) implements EventProperties {
        public Purchase {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(currency, "currency");
        }

        @Override
        public String type() {
            return KnownEventType.PURCHASE.wireName();
        }

        @Override
        public Object property(String name) {
            return switch (name) {
                case "order_id" -> orderId;
                case "revenue" -> revenue;
                case "currency" -> currency;
                default -> null;
            };
        }
    }

    /** A message reached the user; campaign id and channel are optional. */
    record MessageDelivered(String messageId, String campaignId, Channel channel) implements EventProperties {
        public MessageDelivered {
            Objects.requireNonNull(messageId, "messageId");
        }

        @Override
        public String type() {
            return KnownEventType.MESSAGE_DELIVERED.wireName();
        }

        @Override
        public Object property(String name) {
            return switch (name) {
                case "message_id" -> messageId;
                case "campaign_id" -> campaignId;
                case "channel" -> channel == null ? null : channel.wireName();
                default -> null;
            };
        }
    }

    /** The user opened a message. */
    record MessageOpened(String messageId) implements EventProperties {
        public MessageOpened {
            Objects.requireNonNull(messageId, "messageId");
        }

        @Override
        public String type() {
            return KnownEventType.MESSAGE_OPENED.wireName();
        }

        @Override
        public Object property(String name) {
            return "message_id".equals(name) ? messageId : null;
        }
    }

    /** The user clicked a message. */
    record MessageClicked(String messageId) implements EventProperties {
        public MessageClicked {
            Objects.requireNonNull(messageId, "messageId");
        }

        @Override
        public String type() {
            return KnownEventType.MESSAGE_CLICKED.wireName();
        }

        @Override
        public Object property(String name) {
            return "message_id".equals(name) ? messageId : null;
        }
    }

    /** The user granted or withdrew consent for one channel, or for all channels when channel is null. */
    record ConsentChanged(Channel channel, boolean granted) implements EventProperties {
        @Override
        public String type() {
            return KnownEventType.CONSENT_CHANGED.wireName();
        }

        @Override
        public Object property(String name) {
            return switch (name) {
                case "channel" -> channel == null ? null : channel.wireName();
                case "granted" -> granted;
                default -> null;
            };
        }
    }

    /** The user's profile changed; today only the time zone matters to the rules. */
    record ProfileUpdated(ZoneId timeZone) implements EventProperties {
        public ProfileUpdated {
            Objects.requireNonNull(timeZone, "timeZone");
        }

        @Override
        public String type() {
            return KnownEventType.PROFILE_UPDATED.wireName();
        }

        @Override
        public Object property(String name) {
            return "time_zone".equals(name) ? timeZone.getId() : null;
        }
    }

    /**
     * An event of a type the platform does not model, e.g. {@code feature_used}; attribute values are {@link
     * String}, {@link Double} or {@link Boolean}.
     */
    record Custom(String type, Map<String, Object> attributes) implements EventProperties {
        public Custom {
            Objects.requireNonNull(type, "type");
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }

        @Override
        public Object property(String name) {
            return attributes.get(name);
        }
    }
}
