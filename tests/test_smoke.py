def test_home_page_renders_in_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="nl" class="voorbeeld-theme">' in page
    assert "Deel je ervaring" in page
    assert "0800-0432" in page
