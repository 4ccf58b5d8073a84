"""How to apply a generated profile, in short steps that say who must do each one.

Our users often have no administrator rights; a step that silently needs them is a step that
fails with "access denied" and a support call. Each step therefore says whether IT staff (an
administrator) must do it, and the steps are built from the plan, so a site with a user
certificate is never told it needs IT staff, and one with a machine certificate always is.
"""

from __future__ import annotations

from dataclasses import dataclass

from psn_desktop.connect import strongswan, windows
from psn_desktop.connect.plan import VpnPlan
from psn_desktop.domain.model import AuthMethod


@dataclass(frozen=True)
class ApplyStep:
    text: str
    needs_admin: bool = False
    command: str = ""  # to copy and paste, when there is one


def windows_steps(plan: VpnPlan, script_name: str = windows.SCRIPT_NAME) -> list[ApplyStep]:
    run = f"powershell -ExecutionPolicy Bypass -File .\\{script_name}"
    steps = [
        ApplyStep("Save the script on the Windows PC that will connect, in the same folder as "
                  "the certificate file (.pfx) your connection provider gave you."),
        ApplyStep("Open PowerShell in that folder and try the script first; it checks "
                  "everything and shows what it would change, without changing anything.",
                  command=f"{run} -WhatIf"),
    ]
    if plan.certificate_store == "machine":
        steps.append(ApplyStep("IT staff install the site's certificate into the computer's "
                               "certificate store. This needs an administrator, because a "
                               "machine certificate is shared by everyone on the PC.",
                               needs_admin=True,
                               command="Import-PfxCertificate -FilePath .\\site.pfx "
                                       "-CertStoreLocation Cert:\\LocalMachine\\My"))
        steps.append(ApplyStep("Run the script as yourself to add the connection (no "
                               "administrator needed for this part).", command=run))
    else:
        steps.append(ApplyStep("Run the script as yourself. It installs the certificate in "
                               "your own certificate store and adds the connection; it asks "
                               "for the certificate's passphrase. No administrator is needed.",
                               command=f"{run} -CertificateFile .\\site.pfx"))
    steps.append(ApplyStep("If the gateway's certificate comes from the connection provider's "
                           "own certificate authority, IT staff must trust it on this PC once: "
                           "run the script as an administrator with the CA file. Skip this if "
                           "the script did not ask for it.", needs_admin=True,
                           command=f"{run} -CaCertificateFile .\\gateway-ca.crt"))
    steps.append(ApplyStep(f"Connect: Settings > Network & internet > VPN > "
                           f"{plan.connection_name} > Connect."))
    return steps


def strongswan_steps(plan: VpnPlan) -> list[ApplyStep]:
    conf_dir = "/etc/swanctl"
    steps = [
        ApplyStep("On the router or Linux machine, copy the file into strongSwan's "
                  "configuration folder (needs root).", needs_admin=True,
                  command=f"sudo install -m 644 psn-desktop.conf "
                          f"{conf_dir}/conf.d/{strongswan.INSTALLED_NAME}"),
    ]
    if plan.auth_method is AuthMethod.CERTIFICATE:
        steps.append(ApplyStep("Copy the site's certificate, its private key and the "
                               "gateway's CA certificate into strongSwan's folders; keep the "
                               "key readable by root only.", needs_admin=True,
                               command=(f"sudo install -m 644 {plan.certificate_name} "
                                        f"{conf_dir}/x509/ && sudo install -m 600 site.key "
                                        f"{conf_dir}/private/ && sudo install -m 644 "
                                        f"{plan.ca_certificate_name or 'gateway-ca.pem'} "
                                        f"{conf_dir}/x509ca/")))
    else:
        steps.append(ApplyStep(f"Create {conf_dir}/conf.d/{strongswan.PSK_SECRETS_FILE}, "
                               "readable by root only, with the pre-shared key in it as shown "
                               "below. The key never goes into the generated file.",
                               needs_admin=True,
                               command=f"sudo install -m 600 /dev/null "
                                       f"{conf_dir}/conf.d/{strongswan.PSK_SECRETS_FILE}"))
    steps.append(ApplyStep("Load the configuration; the tunnel starts by itself.",
                           needs_admin=True, command="sudo swanctl --load-all"))
    steps.append(ApplyStep("Check it is up: the connection should show as ESTABLISHED with "
                           "the profile's algorithms.", needs_admin=True,
                           command="sudo swanctl --list-sas"))
    return steps
