"""Your data: paste a CSV or click points onto the plane, see how the server reads it, create a
network on it and train; positions and overlaps of the card's parts are checked."""
import json

import numpy as np

CARD = "[data-part=new-network]"
PART = "[data-part=your-data]"
SHOTS = "/tmp"


def moons_csv(n: int = 300) -> str:
    rng = np.random.default_rng(0)
    t = rng.uniform(0, np.pi, n)
    half = n // 2
    x = np.vstack([np.column_stack([np.cos(t[:half]), np.sin(t[:half])]),
                   np.column_stack([1 - np.cos(t[half:]), 0.5 - np.sin(t[half:])])]) + rng.normal(0, 0.1, (n, 2))
    y = np.r_[np.zeros(half), np.ones(n - half)]
    return "x1,x2,label\n" + "\n".join(f"{a:.4f},{b:.4f},{int(c)}" for (a, b), c in zip(x, y)) + "\n"


def open_your_data(ui):
    page = ui.page
    if page.locator(CARD).get_attribute("open") is None:
        page.click(f"{CARD} > summary")
    if page.locator(PART).get_attribute("open") is None:
        page.click(f"{PART} > summary")
    page.locator("[data-role=data-plane]").wait_for(state="visible")


def box(page, selector):
    b = page.locator(selector).first.bounding_box()
    assert b is not None, f"{selector} is not shown"
    return b


def assert_stacked_inside(page, selectors, container):
    """Each part lies inside the container's width, below the one before it, with no overlap."""
    outer = box(page, container)
    previous = None
    for selector in selectors:
        b = box(page, selector)
        assert b["width"] > 0 and b["height"] > 0, selector
        assert b["x"] >= outer["x"] - 0.5 and b["x"] + b["width"] <= outer["x"] + outer["width"] + 0.5, \
            f"{selector} sticks out of {container}: {b} vs {outer}"
        if previous is not None:
            assert b["y"] >= previous[1]["y"] + previous[1]["height"] - 0.5, f"{selector} overlaps {previous[0]}"
        previous = (selector, b)


def wait_task(ui, task: str):
    ui.page.wait_for_selector(f"[data-role=data-task][data-task={task}]")


def create_and_wait(ui, api) -> dict:
    first = ui.network_id()
    ui.page.click("[data-role=data-create]")
    ui.wait_until(lambda: ui.network_id() != first)
    ui.settled()
    return api.call("GET", f"/api/networks/{ui.network_id()}")


def train_n(ui, steps: int, learning_rate: float, batch_size: int = 16):
    page = ui.page
    page.fill("[data-role=learning-rate]", str(learning_rate))
    page.fill("[data-role=batch-size]", str(batch_size))
    page.fill("[data-role=train-steps]", str(steps))
    start = ui.step()
    page.click("[data-role=train-n]")
    ui.wait_until(lambda: ui.step() == start + steps, timeout_s=120)
    page.wait_for_selector("[data-role=train][aria-pressed=false]")
    ui.settled()


def test_a_pasted_csv_is_previewed_created_and_trained(ui, api):
    page = ui.page
    open_your_data(ui)
    csv = moons_csv()
    page.fill("[data-role=data-label]", "moons")
    page.fill("[data-role=data-text]", csv)
    wait_task(ui, "classification")
    task = page.text_content("[data-role=data-task]")
    assert "Classification" in task and "every target is 0 or 1" in task
    assert "300 rows" in page.text_content("[data-role=data-preview]")
    headers = page.locator("[data-role=data-preview] th").all_text_contents()
    assert headers == ["x1", "x2", "label"]
    cells = page.locator("[data-role=data-preview] tbody tr").first.locator("td").all_text_contents()
    first_row = csv.splitlines()[1].split(",")
    assert [float(c.replace("−", "-")) for c in cells] == [float(v) for v in first_row]
    assert page.locator("[data-role=data-preview] tbody tr").count() == 5
    # The preview stored nothing: the create button is what uploads.
    page.screenshot(path=f"{SHOTS}/your-data-preview.png")
    assert_stacked_inside(page, ["[data-role=data-label]", "[data-role=data-text]", "[data-role=data-targets]",
                                 "[data-role=data-plane]", "[data-role=data-preview]", "[data-role=data-create]"], PART)
    assert_stacked_inside(page, [PART], CARD)

    page.fill("[name=layers]", "2-8-8-1")
    page.select_option("[name=hidden_activation]", "tanh")
    page.select_option("[name=loss]", "cross_entropy")
    network = create_and_wait(ui, api)
    handle = network["dataset"]
    assert handle.startswith("data-") and network["layers"] == [2, 8, 8, 1]
    assert handle not in json.dumps(api.call("GET", "/api/datasets"))
    assert api.call("GET", f"/api/datasets/{handle}")["size"] == 300
    option = page.locator(f"[name=dataset] option[value='{handle}']")
    assert option.text_content().startswith("Your data: moons (2 in, 1 out, 300 examples)")
    assert page.locator("[name=dataset]").input_value() == handle

    # The pictures of a 2-input network: the boundary behind the uploaded points.
    boundary = "[data-part=pictures] [data-role=boundary] canvas"
    page.wait_for_selector(f"{boundary}[data-step='0']")
    train_n(ui, 1500, 0.3)
    scores = api.call("GET", f"/api/networks/{ui.network_id()}/evaluate")
    assert scores["dataset"] == handle and scores["accuracy"] >= 0.9
    page.wait_for_selector(f"{boundary}[data-step='{ui.step()}']")
    shown = page.locator("[data-part=pictures] [data-metric=accuracy]").get_attribute("data-value")
    assert float(shown) == scores["accuracy"]
    page.locator("[data-part=pictures]").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/your-data-trained.png")


def plane_click(page, fx: float, fy: float, shift: bool = False):
    """Click at a fraction (fx, fy) of the plane's drawing area; returns the point it should add."""
    canvas = page.locator("[data-role=data-plane]")
    size = canvas.evaluate("c => ({w: c.clientWidth, h: c.clientHeight})")
    # Playwright's position is from the padding box's corner: where the drawing starts.
    canvas.click(position={"x": fx * size["w"], "y": fy * size["h"]}, modifiers=["Shift"] if shift else [])
    return -1 + 2 * fx, 1 - 2 * fy


def test_points_clicked_onto_the_plane_become_a_data_set(ui, api):
    page = ui.page
    open_your_data(ui)
    expected = []
    # Class 0 on the left (plain clicks), class 1 on the right (Shift-clicks).
    for fy in (0.2, 0.4, 0.6, 0.8):
        for fx, shift in ((0.15, False), (0.3, False), (0.7, True), (0.85, True)):
            x1, x2 = plane_click(page, fx, fy, shift)
            expected.append((x1, x2, 1 if shift else 0))
    # The radio chooses class 1 for plain clicks; Shift then adds class 0.
    page.check("[data-role=plane-class-1]")
    x1, x2 = plane_click(page, 0.9, 0.5)
    expected.append((x1, x2, 1))
    x1, x2 = plane_click(page, 0.1, 0.5, shift=True)
    expected.append((x1, x2, 0))

    points = json.loads(page.get_attribute("[data-role=data-plane]", "data-points"))
    assert len(points) == len(expected) == 18
    for p, (x1, x2, label) in zip(points, expected):
        assert abs(p["x1"] - x1) < 0.02 and abs(p["x2"] - x2) < 0.02 and p["label"] == label, (p, x1, x2, label)
    assert "9 of class 0, 9 of class 1" in page.text_content("[data-role=plane-count]")
    text = page.input_value("[data-role=data-text]")
    assert text.splitlines()[0] == "x1,x2,label" and len(text.splitlines()) == 19
    wait_for_rows(ui, 18)
    wait_task(ui, "classification")
    page.screenshot(path=f"{SHOTS}/your-data-plane.png")
    page.locator("[data-role=data-plane]").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/your-data-plane-card.png")
    # The plane is square, as wide as the card allows, and its points lie where they were clicked.
    plane = box(page, "[data-role=data-plane]")
    assert abs(plane["width"] - plane["height"]) < 1 and plane["width"] > 180
    assert_stacked_inside(page, ["[data-role=data-text]", "[data-role=data-plane]", "[data-role=plane-count]",
                                 "[data-role=plane-undo]", "[data-role=data-preview]", "[data-role=data-create]"], PART)

    # Undo takes the last point back.
    page.click("[data-role=plane-undo]")
    assert len(json.loads(page.get_attribute("[data-role=data-plane]", "data-points"))) == 17
    wait_for_rows(ui, 17)

    page.fill("[name=layers]", "2-6-1")
    page.select_option("[name=hidden_activation]", "tanh")
    network = create_and_wait(ui, api)
    rows = api.call("GET", f"/api/datasets/{network['dataset']}")
    assert rows["size"] == 17 and rows["task"] == "classification"
    for row, target, (x1, x2, label) in zip(rows["x"], rows["y"], expected):
        assert abs(row[0] - x1) < 0.02 and abs(row[1] - x2) < 0.02 and target == [label]
    train_n(ui, 300, 1.0, batch_size=17)
    assert api.call("GET", f"/api/networks/{ui.network_id()}/evaluate")["accuracy"] == 1.0

    # A reload resumes the network and still knows its data set (the page fetched its description).
    network_id = ui.network_id()
    page.reload()
    ui.settled()
    assert ui.network_id() == network_id
    page.wait_for_selector("[data-part=pictures] [data-role=boundary] canvas[data-step='300']")
    assert page.locator(f"[name=dataset] option[value='{network['dataset']}']").count() == 1


def wait_for_rows(ui, rows: int):
    ui.wait_until(lambda: f"{rows} rows" in (ui.page.text_content("[data-role=data-preview]") or ""))


def test_a_broken_csv_shows_the_servers_line_and_column(ui, api, expect_console_errors):
    page = ui.page
    open_your_data(ui)
    first = ui.network_id()
    page.fill("[data-role=data-text]", "x1,x2,y\n0.1,0.2,1\n0.3,abc,0\n")
    message = page.locator("[data-role=data-message]")
    message.wait_for(state="visible")
    assert message.text_content() == "line 3, column x2: 'abc' is not a number"
    assert page.locator("[data-role=data-preview] table").count() == 0
    page.click("[data-role=data-create]")
    page.wait_for_selector("[data-part=status][data-kind=error]")
    assert "line 3, column x2" in page.text_content("[data-part=status]")
    assert ui.network_id() == first
    assert expect_console_errors(422) == 2
    # Fixed, the message goes and the preview comes.
    page.fill("[data-role=data-text]", "x1,x2,y\n0.1,0.2,1\n0.3,0.5,0\n")
    wait_task(ui, "classification")
    assert message.is_hidden()


def test_an_upload_of_square_images_is_drawn_as_images(page, api, console_errors):
    from teach_support import open_network

    rng = np.random.default_rng(5)
    labels = np.arange(40) % 10
    pixels = rng.uniform(0, 1, (40, 16)).round(3)
    csv = "\n".join(",".join(map(str, row)) + f",{c}" for row, c in zip(pixels, labels))
    info = api.call("POST", "/api/datasets", {"name": "tiny digits", "csv": csv})
    assert (info["image_side"], info["outputs"], info["task"]) == (4, 10, "classification")
    net = api.call("POST", "/api/networks", {"layers": [16, 8, 10], "dataset": info["name"], "seed": 2})
    ui = open_network(page, net["id"])
    digit = "[data-part=digit]"
    page.wait_for_selector(f"{digit} [data-role=digit-image][data-pixels]")
    rows = api.call("GET", f"/api/datasets/{info['name']}")
    image = page.locator(f"{digit} [data-role=digit-image]")
    assert image.get_attribute("data-side") == "4" and image.locator("rect").count() == 16
    assert json.loads(image.get_attribute("data-pixels")) == rows["x"][ui.example()]
    assert int(page.get_attribute(f"{digit} [data-role=true-digit]", "data-value")) == labels[ui.example()]
    # The example card names the upload by its label, not by its handle.
    assert "your data “tiny digits”" in page.text_content("[data-part=example]")
    assert info["name"] not in page.text_content("[data-part=summary]")
    page.locator(digit).scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/your-data-images.png")
    assert console_errors == []


def test_a_share_link_to_a_network_on_an_upload_opens_with_its_data_in_another_browser(page, api, console_errors):
    from teach_support import open_network

    csv = "x1,x2,label\n" + "\n".join(f"{a},{b},{int(a * b > 0)}" for a in (-0.8, -0.3, 0.3, 0.8) for b in (-0.6, 0.6))
    info = api.call("POST", "/api/datasets", {"name": "shared points", "csv": csv})
    net = api.call("POST", "/api/networks", {"layers": [2, 3, 1], "dataset": info["name"], "seed": 1})
    open_network(page, net["id"])
    card = page.locator("[data-part=network-files]")
    if card.get_attribute("open") is None:
        card.locator("summary").click()
    card.locator("[data-role=share]").click()
    url_box = card.locator("[data-role=share-url]")
    url_box.wait_for(state="visible")
    link = url_box.input_value()

    # Someone else: a browser that has never seen this data set.
    context = page.context.browser.new_context(viewport={"width": 1366, "height": 768})
    other = context.new_page()
    errors = []
    other.on("pageerror", lambda e: errors.append(str(e)))
    other.goto(link)
    other.wait_for_selector("[data-network-id][aria-busy=false]")
    copy_id = other.get_attribute("[data-network-id]", "data-network-id")
    assert copy_id != net["id"]
    assert api.call("GET", f"/api/networks/{copy_id}")["dataset"] == info["name"]
    assert "your data “shared points”" in other.text_content("[data-part=example]")
    assert "1 of 8" in other.text_content("[data-part=example]")
    boundary = other.locator("[data-part=pictures] [data-role=boundary] canvas[data-step='0']")
    boundary.wait_for()
    assert other.locator(f"[name=dataset] option[value='{info['name']}']").count() == 1
    other.screenshot(path=f"{SHOTS}/your-data-shared.png")
    context.close()
    assert errors == [] and console_errors == []


def test_a_chosen_file_is_read_into_the_card_and_named_after_it(ui, api):
    page = ui.page
    open_your_data(ui)
    assert page.locator("[data-role=data-create]").is_disabled()
    sine = "x,sin\n" + "\n".join(f"{t:.3f},{np.sin(np.pi * t):.4f}" for t in np.linspace(-1, 1, 50)) + "\n"
    page.set_input_files("[data-role=data-file]", files=[
        {"name": "sine wave.csv", "mimeType": "text/csv", "buffer": sine.encode()}])
    wait_task(ui, "regression")
    assert page.input_value("[data-role=data-text]") == sine
    assert page.input_value("[data-role=data-label]") == "sine wave"
    assert "not all 0 or 1" in page.text_content("[data-role=data-task]")
    page.fill("[data-role=data-test]", "0.2")
    ui.wait_until(lambda: "40 train, 10 held out" in page.text_content("[data-role=data-preview]"))
    page.fill("[name=layers]", "1-8-1")
    page.select_option("[name=hidden_activation]", "tanh")
    network = create_and_wait(ui, api)
    # A regression gets a linear output; the 1-input picture is the fitted curve.
    assert (network["layers"], network["output_activation"], network["loss"]) == ([1, 8, 1], "linear", "mse")
    page.wait_for_selector("[data-part=pictures] [data-role=curve] canvas[data-step='0']")
    assert api.call("GET", f"/api/datasets/{network['dataset']}")["test_size"] == 10
