package io.kairos.simulator;

import io.kairos.domain.event.Channel;

/**
 * The article's five cases: each generates the events one default campaign reacts to and opens a purchase intent at
 * the moment that campaign's trigger describes.
 */
public enum BehaviourPreset {
    /** E-commerce: carts added and left behind; campaign {@code cart_abandonment} (email). */
    CART_ABANDONMENT("cart_abandonment", null),
    /** Fintech: card transactions crossing 500 within 24 hours; campaign {@code spending_alert} (push). */
    SPENDING_ALERT("spending_alert", null),
    /** Retail: repeated views of sale items with an empty cart; campaign {@code flash_sale_sms} (SMS, opt-in). */
    FLASH_SALE("flash_sale_sms", Channel.SMS),
    /** SaaS: new users using features without upgrading; campaign {@code onboarding_upsell} (in-app). */
    ONBOARDING_UPSELL("onboarding_upsell", null),
    /** Media: videos paused for ten minutes or more; campaign {@code watch_time_nudge} (push). */
    WATCH_TIME("watch_time_nudge", null);

    private final String campaignId;
    private final Channel optInChannel;

    BehaviourPreset(String campaignId, Channel optInChannel) {
        this.campaignId = campaignId;
        this.optInChannel = optInChannel;
    }

    /** The default campaign whose first trigger defines a user's intent moment and attribution window. */
    public String campaignId() {
        return campaignId;
    }

    /** The channel whose campaign needs an explicit opt-in the simulated users may grant, or null. */
    public Channel optInChannel() {
        return optInChannel;
    }
}
