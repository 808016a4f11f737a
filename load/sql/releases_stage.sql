CREATE TEMP TABLE stage_releases (
    ord          bigint NOT NULL,
    line_no      bigint NOT NULL,
    source       text NOT NULL,
    name         text NOT NULL,
    released_on  date NOT NULL,
    product_area text,
    events       text[] NOT NULL,
    flag         text,
    link         text,
    pattern      text,
    description  text,
    extra        jsonb NOT NULL
) ON COMMIT DROP;
