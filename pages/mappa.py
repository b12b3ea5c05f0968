"""Mappa: rioni, buildings, ALER offices and programme sites on one map, with or without
internet; where ALER's unified office should stand. ``?indicator=`` and ``?rione=`` bookmark
a view."""

import streamlit as st
from streamlit_folium import st_folium

from tavolo import assets, map_data, map_detail, map_export, maps, office_sites as sites, settings
from ui import cache
from ui.common import ensure_frame, export_name, lang, offline, t

ensure_frame()
L, OFF = lang(), offline() or bool(settings.get("offline"))  # TAVOLO_OFFLINE=1 always wins
frames, (meta, demo) = cache.frames(), cache.meta()
inds = map_data.indicators(frames)
ss, qp = st.session_state, st.query_params
if not maps.vendor_ready():
    assets.install()  # static/vendor from the XStatic packages (normally done by make run)

if "map_sites" not in ss:
    ss.map_sites = sites.default_sites(frames)
# The view from the URL (a bookmark, a link from another page) unless this page wrote it.
if qp.get("indicator") in inds and qp.get("indicator") != ss.get("map_url_indicator"):
    ss.map_indicator = qp["indicator"]
if qp.get("rione") and qp.get("rione") != ss.get("map_url_rione"):
    ss.map_sel = {"kind": "rione", "id": qp["rione"]}
maps.apply_click(ss, t("map_user_site"))  # st_folium's value, kept under its key "map"
sel = ss.get("map_sel") or {}
ss.map_url_rione = sel["id"] if sel.get("kind") == "rione" else None
if ss.map_url_rione:
    qp["rione"] = ss.map_url_rione
elif "rione" in qp:
    del qp["rione"]

st.title("🗺️ " + t("page_mappa"))
st.caption(t("map_intro") + (" " + t("map_offline_on") if OFF else ""))
c1, c2 = st.columns([2, 3])
indicator = c1.selectbox(t("map_indicator"), list(inds), key="map_indicator",
                         format_func=lambda name: inds[name].label(L))
qp["indicator"] = ss.map_url_indicator = indicator
layers = c2.multiselect(t("map_layers"), maps.LAYERS, key="map_layers",
                        default=[x for x in maps.LAYERS if x not in ("consulte", "maintenance")],
                        format_func=lambda x: t(f"map_layer_{x}"))
weights = sites.tenant_weights(frames)
ranking = sites.rank_sites(ss.map_sites, weights)
shown = ranking if "sites" in layers else None
common = dict(lang=L, meta=meta, demo=demo)
model = cache.map_model(indicator, L)  # the one view model: map, table, detail, exports
m = maps.build_map(frames, indicator, offline=OFF, assets="local", sites_legend=shown is not None,
                   layers=[x for x in layers if x != "sites"], model=model, **common)

left, right = st.columns([5, 2])
with left:
    st_folium(m, key="map", height=640, use_container_width=True,
              returned_objects=["last_object_clicked", "last_active_drawing"]
              + (["last_clicked"] if ss.get("map_add_mode") else []),
              feature_group_to_add=[maps.sites_layer(shown, L),
                                    maps.selection_layer(model, sel.get("kind"), sel.get("id"))])
    ind = model.indicator
    st.caption(t("map_caption").format(indicator=ind.label(L), unit=ind.unit(L)) + " "
               + t("map_outside").format(n=model.outside)
               + (" " + model.suppression_note if model.suppression_note else ""))
with right:
    st.header(t("map_detail"), anchor=False)
    detail = map_data.detail(frames, sel.get("kind"), sel.get("id"), L, model)
    if detail is None:
        st.info(t("map_detail_hint"))
    else:
        st.markdown(f"**{detail['title']}**")
        st.caption(detail["caption"])
        st.dataframe(detail["table"], hide_index=True, key="map_detail_table")
        for page, title, params in detail["links"]:
            try:  # a page not (yet) in the navigation has no link
                st.page_link(page, label=t(title), icon="↗️", query_params=params,
                             help=t("map_open_in"))
            except Exception:  # noqa: BLE001
                pass
        st.button(t("map_clear"), on_click=lambda: ss.update(map_sel=None))

st.header(t("map_table"), anchor=False)
every = st.toggle(t("map_table_all"), key="map_table_every")
table = map_data.rioni_table(frames, indicator, L, model, every)
helps = map_detail.column_help(frames, model, L)
st.dataframe(table, hide_index=True, key="map_rioni_table",
             column_config={c: st.column_config.Column(c, help=helps.get(c)) for c in table.columns})

st.header(t("map_office_title"), anchor=False)
st.caption(t("map_office_intro"))
a, b, c = st.columns(3)
a.toggle(t("map_add_mode"), key="map_add_mode")
if b.button(t("map_add_optimum")):
    lat, lon = sites.optimal_point(weights)
    ss.map_sites = sites.add_site(ss.map_sites, lat, lon, t("map_optimum_name"), kind="optimum")
    st.rerun()
if c.button(t("map_reset_sites")):
    ss.map_sites = sites.default_sites(frames)
    st.rerun()
picked = st.dataframe(sites.display_table(ranking, L), hide_index=True, on_select="rerun",
                      selection_mode="multi-row", key="map_sites_table")
if picked.selection.rows and st.button(t("map_remove")):
    ss.map_sites = sites.remove_sites(ss.map_sites, ranking.iloc[picked.selection.rows]["site_id"])
    st.rerun()
if len(ranking):
    st.markdown(sites.verdict(ranking, L))

st.header(t("map_exports"), anchor=False)
exports = map_export.downloads(frames, indicator, OFF, model=model, layers=layers, sites=shown, **common)
for col, (key, ext, mime, make) in zip(st.columns(len(exports)), exports):
    col.download_button(t(key), make, export_name("mappa", {"indicatore": indicator}, ext), mime,
                        on_click="ignore", key=f"map_dl_{ext}")
