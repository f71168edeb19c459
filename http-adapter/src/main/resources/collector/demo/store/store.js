// The demo storefront: browse, add to cart, leave or wait; the in-app offer arrives over the SDK's WebSocket.
// ?user=ID shops as that user (kairos.identify), ?key=INGEST_KEY when the server has keys.
(function () {
  "use strict";
  var query = new URLSearchParams(location.search);
  if (query.get("key")) {
    kairos.init({ key: query.get("key") });
  }
  if (query.get("user")) {
    kairos.identify(query.get("user"));
  }
  kairos.init({ flushInterval: 200 });

  var products = [
    { id: "mug-01", name: "Enamel mug", price: 14.5, category: "kitchen" },
    { id: "lamp-02", name: "Desk lamp", price: 39.0, category: "home" },
    { id: "tote-03", name: "Canvas tote", price: 19.9, category: "bags" }
  ];
  var cart = { items: 0, value: 0 };

  document.getElementById("user").textContent = kairos.userId();
  kairos.track("page_view", { url: location.pathname });

  var list = document.getElementById("products");
  products.forEach(function (product) {
    var item = document.createElement("li");
    item.innerHTML = "<div class=\"name\"></div><div class=\"price\"></div><button type=\"button\">Add to cart</button>";
    item.querySelector(".name").textContent = product.name;
    item.querySelector(".price").textContent = product.price.toFixed(2) + " EUR";
    var button = item.querySelector("button");
    button.id = "add-" + product.id;
    button.addEventListener("click", function () {
      kairos.track("add_to_cart", { product_id: product.id, quantity: 1, unit_price: product.price,
        category: product.category });
      cart.items += 1;
      cart.value += product.price;
      document.getElementById("cart").textContent = cart.items + " items, " + cart.value.toFixed(2) + " EUR";
    });
    item.addEventListener("mouseenter", function () {
      kairos.track("product_view", { product_id: product.id, category: product.category, price: product.price });
    }, { once: true });
    list.appendChild(item);
  });

  document.getElementById("checkout").addEventListener("click", function () {
    kairos.track("checkout_started", { cart_value: cart.value });
  });

  kairos.onMessage(function (message) {
    var offer = document.getElementById("offer");
    document.getElementById("offer-text").textContent = message.payload;
    offer.dataset.decisionId = message.decisionId;
    offer.hidden = false;
    kairos.displayed(message);
    document.getElementById("offer-take").onclick = function () {
      kairos.clicked(message);
      offer.hidden = true;
    };
  });
}());
