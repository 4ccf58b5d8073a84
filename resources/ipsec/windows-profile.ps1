# @@HEADER@@

[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # A .pfx or .p12 file holding this site's certificate and private key, to install.
    [string] $CertificateFile = '',
    # The certificate authority that signed the gateway's certificate, if Windows does not
    # already trust it (installing it needs an administrator).
    [string] $CaCertificateFile = '',
    # Read the certificate's passphrase from standard input (used by PSN Desktop).
    [switch] $PassphraseFromStdin
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# @@VALUES@@

$AdminSteps = New-Object System.Collections.Generic.List[string]

function ConvertTo-QuotedText([string] $Text) {
    # Single-quoted, so nothing in a path is expanded; doubles every kind of single quote.
    return "'" + ($Text -replace "['\u2018\u2019\u201A\u201B]", '$0$0') + "'"
}

function Test-Administrator {
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object Security.Principal.WindowsPrincipal($identity)
    return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Read-Passphrase {
    if ($PassphraseFromStdin) {
        $line = [Console]::In.ReadLine()
        if ($null -eq $line) { throw 'No passphrase arrived on standard input.' }
        return (ConvertTo-SecureString -String $line -AsPlainText -Force)
    }
    return (Read-Host -Prompt 'Passphrase of the certificate file' -AsSecureString)
}

function Resolve-InputFile([string] $Path, [string] $What) {
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
        throw "$What '$Path' was not found. Check the file name and folder, then run the script again."
    }
    return (Resolve-Path -LiteralPath $Path).ProviderPath
}

try {
    if ($PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows) {
        [Console]::Error.WriteLine('This script sets up the VPN client built into Windows; run it on Windows.')
        exit 3
    }
    foreach ($command in 'Add-VpnConnection', 'Set-VpnConnectionIPsecConfiguration') {
        if (-not (Get-Command $command -ErrorAction SilentlyContinue)) {
            [Console]::Error.WriteLine("This Windows has no $command command (the VpnClient module). Use Windows 10 or 11.")
            exit 3
        }
    }
    $IsAdmin = Test-Administrator

    # 1. This site's certificate.
    if ($CertificateFile) {
        $certificatePath = Resolve-InputFile $CertificateFile 'The certificate file'
        if ($CertificateStore -eq 'machine') { $store = 'Cert:\LocalMachine\My' } else { $store = 'Cert:\CurrentUser\My' }
        if ($CertificateStore -eq 'machine' -and -not $IsAdmin) {
            $AdminSteps.Add("Install the site's certificate into the computer's store: Import-PfxCertificate -FilePath $(ConvertTo-QuotedText $certificatePath) -CertStoreLocation Cert:\LocalMachine\My")
        } elseif ($PSCmdlet.ShouldProcess($store, "Install the certificate from $certificatePath")) {
            $passphrase = Read-Passphrase
            Import-PfxCertificate -FilePath $certificatePath -CertStoreLocation $store -Password $passphrase | Out-Null
            Write-Host "Installed the certificate in $store."
        }
    } else {
        if ($CertificateStore -eq 'machine') { $store = 'Cert:\LocalMachine\My' } else { $store = 'Cert:\CurrentUser\My' }
        $usable = @(Get-ChildItem -Path $store -ErrorAction SilentlyContinue | Where-Object { $_.HasPrivateKey })
        if ($usable.Count -eq 0) {
            Write-Warning "No certificate with a private key is installed in $store yet. Run the script again with -CertificateFile, or ask IT staff to install it."
        }
    }

    # 2. Trust in the gateway's certificate authority (the computer's root store).
    $issuer = $null
    if ($CaCertificateFile) {
        $caPath = Resolve-InputFile $CaCertificateFile 'The CA certificate file'
        $issuer = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2($caPath)
        $trusted = @(Get-ChildItem -Path Cert:\LocalMachine\Root | Where-Object { $_.Thumbprint -eq $issuer.Thumbprint })
        if ($trusted.Count -eq 0) {
            if (-not $IsAdmin) {
                $AdminSteps.Add("Trust the gateway's certificate authority on this computer: Import-Certificate -FilePath $(ConvertTo-QuotedText $caPath) -CertStoreLocation Cert:\LocalMachine\Root")
            } elseif ($PSCmdlet.ShouldProcess('Cert:\LocalMachine\Root', "Trust the certificate authority in $caPath")) {
                Import-Certificate -FilePath $caPath -CertStoreLocation Cert:\LocalMachine\Root | Out-Null
                Write-Host 'The computer now trusts the gateway''s certificate authority.'
            }
        }
    }

    # 3. The connection, in this user's own list (no administrator needed).
    $existing = Get-VpnConnection -Name $ConnectionName -ErrorAction SilentlyContinue
    if ($existing -and $PSCmdlet.ShouldProcess($ConnectionName, 'Replace the existing VPN connection of this name')) {
        Remove-VpnConnection -Name $ConnectionName -Force
    }
    if ($PSCmdlet.ShouldProcess($ConnectionName, "Add an IKEv2 VPN connection to $ServerAddress for this user")) {
        $arguments = @{
            Name = $ConnectionName
            ServerAddress = $ServerAddress
            TunnelType = 'Ikev2'
            EncryptionLevel = 'Required'
            Force = $true
        }
        if ($CertificateStore -eq 'machine') {
            $arguments['AuthenticationMethod'] = 'MachineCertificate'
            if ($issuer) { $arguments['MachineCertificateIssuerFilter'] = $issuer }
        } else {
            $eap = New-EapConfiguration -Tls -UserCertificate -VerifyServerIdentity
            $arguments['AuthenticationMethod'] = 'Eap'
            $arguments['EapConfigXmlStream'] = $eap.EapConfigXmlStream
        }
        if ($SplitTunnel) { $arguments['SplitTunneling'] = $true }
        Add-VpnConnection @arguments
        Set-VpnConnectionIPsecConfiguration -ConnectionName $ConnectionName @IPsecSettings -Force
        foreach ($range in $TunnelRanges) {
            Add-VpnConnectionRoute -ConnectionName $ConnectionName -DestinationPrefix $range
        }
        Write-Host "Added the VPN connection '$ConnectionName'. Connect from Settings > Network & internet > VPN."
    }

    if ($AdminSteps.Count -gt 0) {
        Write-Warning "IT staff must finish $($AdminSteps.Count) step(s) as an administrator:"
        foreach ($step in $AdminSteps) { Write-Warning "  $step" }
        exit 2
    }
    exit 0
} catch {
    [Console]::Error.WriteLine('The VPN was not set up: ' + $_.Exception.Message)
    exit 1
}
