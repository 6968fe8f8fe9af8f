"""Cards hold still while training runs: numbers that change width (the live rate, the cost, the
loss caption, the example's output) sit in cells that keep their size, so no card moves or grows."""
from teach_support import create, open_network
from teach_support import no_console_errors  # noqa: F401 (autouse: importing it applies it here)

CARDS = ["example", "pictures", "network", "legend", "top-gradients", "controls", "chart", "breakdown"]
BOXES = """(parts) => parts.map((p) => {
  const b = document.querySelector(`[data-part=${p}]`).getBoundingClientRect();
  return [p, Math.round(b.left), Math.round(b.top), Math.round(b.width), Math.round(b.height)];
})"""


def test_no_card_moves_or_grows_during_live_training(page, api):
    network = create(api, seed=3)
    ui = open_network(page, network["id"])
    ui.click_edge(2, 0, 1)
    page.fill("[data-role=learning-rate]", "0.5")
    before = page.evaluate(BOXES, CARDS)
    seen, steps, rates = set(), set(), set()
    page.click("[data-role=train]")
    for _ in range(80):
        seen.update(map(tuple, page.evaluate(BOXES, CARDS)))
        steps.add(ui.step())
        rates.add(page.get_attribute("[data-role=live-rate]", "data-fps"))
        page.wait_for_timeout(40)
    page.click("[data-role=train]")
    ui.wait_until(lambda: page.get_attribute("body", "data-training") == "false")
    ui.settled()
    seen.update(map(tuple, page.evaluate(BOXES, CARDS)))
    # It did train, with frames shown (the live rate's two lines were filled in).
    assert len(steps) > 3 and any(rates - {""})
    moved = {card: sorted(box[1:] for box in seen if box[0] == card) for card in CARDS}
    assert moved == {card: [tuple(box)] for card, *box in before}
