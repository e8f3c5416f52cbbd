"""Users and access (administrators only): accounts, roles, passwords, and erasing a customer's personal data."""
import streamlit as st

from core import erasure, fmt, text, users
from core.access import ROLES
from ui import auth, db, state, widgets
from ui.i18n import lang, tr

viewer = state.viewer()
ws = db.workspace()
NOTICE = "_admin_users_notice"

st.title(tr("admin.users.title"))
st.caption(tr("access.roles.help"))

notice = st.session_state.pop(NOTICE, None)
if notice and notice[0] == "password":
    # The password is generated (URL-safe letters, digits, «-», «_») and shown in a code span, where Markdown
    # is not read: escaping it would show backslashes the user would then type.
    st.success(tr("admin.users.password_once", username=text.md(notice[1]), password=notice[2]), icon=":material/key:")
elif notice:
    st.success(tr("admin.users.done", what=text.md(notice[1])), icon=":material/check:")

role_label = lambda role: tr(f"access.role.{role}")  # noqa: E731
st.subheader(tr("admin.users.list"))
accounts = users.table(ws, role_label=role_label)
columns = {c: st.column_config.Column(tr(f"admin.users.col.{c}")) for c in accounts.columns}
widgets.table(accounts, column_config=columns)
names = accounts["username"].to_list()


def attempt(change, success):
    """Run a user change; remember what to say after the rerun, or show the error in the user's language."""
    try:
        result = change()
    except (users.UserError, erasure.ErasureError) as exc:
        st.error(exc.text(lang()))
        return
    st.session_state[NOTICE] = success(result)
    st.rerun()


def reset_password(who):
    """A password reset ends the account's sessions; resetting one's own, this session goes on (to show it)."""
    password = users.reset_password(ws, viewer, who)
    if users.normalize(who) == viewer.username:
        auth.renew(ws)
    return password


add_tab, role_tab, password_tab, remove_tab, erase_tab = st.tabs(
    [tr("admin.users.tab.add"), tr("admin.users.tab.role"), tr("admin.users.tab.password"),
     tr("admin.users.tab.remove"), tr("admin.users.tab.erase")])

with add_tab, st.form("add_user", clear_on_submit=True):
    username = st.text_input(tr("admin.users.col.username"))
    name = st.text_input(tr("admin.users.name"))
    role = st.selectbox(tr("admin.users.col.role"), ROLES, format_func=role_label, key="add_role")
    manager_id = st.text_input(tr("admin.users.manager_id"), help=tr("admin.users.manager_id.help"), key="add_mid")
    if st.form_submit_button(tr("admin.users.add.submit"), type="primary"):
        attempt(lambda: users.add(ws, viewer, username, role, name=name or None, manager_id=manager_id or None),
                lambda password: ("password", users.normalize(username), password))

with role_tab, st.form("set_role"):
    who = st.selectbox(tr("admin.users.user"), names, key="role_user")
    role = st.selectbox(tr("admin.users.col.role"), ROLES, format_func=role_label, key="role_role")
    manager_id = st.text_input(tr("admin.users.manager_id"), help=tr("admin.users.manager_id.help"), key="role_mid")
    if st.form_submit_button(tr("admin.users.role.submit")):
        attempt(lambda: users.set_role(ws, viewer, who, role, manager_id=manager_id or None),
                lambda _: ("done", f"{who}: {role_label(role)}"))

with password_tab, st.form("reset_password"):
    who = st.selectbox(tr("admin.users.user"), names, key="password_user")
    if st.form_submit_button(tr("admin.users.password.submit")):
        attempt(lambda: reset_password(who), lambda password: ("password", who, password))

with remove_tab, st.form("remove_user"):
    who = st.selectbox(tr("admin.users.user"), names, key="remove_user")
    sure = st.checkbox(tr("admin.users.remove.confirm"))
    if st.form_submit_button(tr("admin.users.remove.submit"), disabled=False) and sure:
        attempt(lambda: users.remove(ws, viewer, who), lambda _: ("done", f"{who} ✕"))

with erase_tab:
    st.subheader(tr("erase.title"))
    st.caption(tr("erase.help"))
    customer_id = st.text_input(tr("erase.customer_id"), key="erase_customer").strip()
    if customer_id:
        found = erasure.preview(ws, customer_id)
        ids = erasure.person_ids(ws, customer_id)
        if len(ids) > 1:
            st.info(tr("erase.merged", ids=text.md(", ".join(ids))), icon=":material/call_merge:")
        st.write(tr("erase.found", **{kind: str(rows) for kind, rows in found.items()}))
        sure = st.checkbox(tr("erase.confirm"), key="erase_sure")
        if st.button(tr("erase.submit"), type="primary", disabled=not (sure and any(found.values()))):
            attempt(lambda: erasure.erase(ws, viewer, customer_id),
                    lambda done: ("done", tr("erase.done", customer_id=text.md(done.customer_id), generation=done.generation,
                                                 rejected=fmt.number(done.rejected_rows))))
