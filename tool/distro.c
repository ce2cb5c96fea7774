// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "distro.h"
#include "util.h"

#define IDS(...)	((const char *const[]){ __VA_ARGS__, NULL })

static const struct vtdiag_distro distros[] = {
	{
		.package_manager = "apt",
		.ids = IDS("debian", "ubuntu"),
		.install_qemu = "sudo apt install qemu-system-x86",
		.install_libvirt = "sudo apt install libvirt-daemon-system",
		.install_qemu_libvirt = "sudo apt install qemu-system-x86 libvirt-daemon-system",
	},
	{
		.package_manager = "dnf",
		.ids = IDS("fedora", "rhel", "centos", "rocky", "almalinux"),
		.install_qemu = "sudo dnf install qemu-kvm",
		.install_libvirt = "sudo dnf install libvirt",
		.install_qemu_libvirt = "sudo dnf install qemu-kvm libvirt",
		/* Fedora 35 and RHEL 9 made the modular daemons the default. */
		.modular_libvirt = true,
	},
	{
		.package_manager = "zypper",
		.ids = IDS("suse", "opensuse", "sles", "sled",
			   "opensuse-leap", "opensuse-tumbleweed"),
		/* The patterns bring QEMU and libvirt together. */
		.install_qemu = "sudo zypper install -t pattern kvm_server kvm_tools",
		.install_libvirt = "sudo zypper install -t pattern kvm_server kvm_tools",
		.install_qemu_libvirt = "sudo zypper install -t pattern kvm_server kvm_tools",
	},
};

static const struct vtdiag_distro *find_id(const char *id, size_t len)
{
	const char *const *known;
	size_t i;

	if (!len)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(distros); i++)
		for (known = distros[i].ids; *known; known++)
			if (strlen(*known) == len && !strncmp(*known, id, len))
				return &distros[i];
	return NULL;
}

const struct vtdiag_distro *vtdiag_distro_find(const char *id,
					       const char *id_like)
{
	const struct vtdiag_distro *distro = find_id(id, strlen(id));
	size_t len;

	while (!distro && *id_like) {
		id_like += strspn(id_like, " ");
		len = strcspn(id_like, " ");
		distro = find_id(id_like, len);
		id_like += len;
	}
	return distro;
}
