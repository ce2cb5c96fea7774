// SPDX-License-Identifier: GPL-2.0
/*
 * Is KVM there? The state of "kvm" and of the vendor modules "kvm_intel"
 * and "kvm_amd": absent, loaded (a live module) or built in.
 *
 * A module notifier keeps the state current. The state at load comes from
 * the module's sysfs object (find_module is not exported on 6.1): our own
 * module kobject's kset is the one behind /sys/module, and a reference on
 * a module's kobject keeps its struct module alive (module teardown waits
 * for the kobject's release), so reading its state is safe. The notifier
 * is registered first, then every module is probed under the same lock:
 * whichever of the two runs last sees the newest state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/string.h>

#include "vtdiag.h"

enum { KVM_CORE, KVM_INTEL, KVM_AMD, KVM_NR_MODULES };

static const char *const kvm_module_names[KVM_NR_MODULES] = {
	[KVM_CORE] = "kvm",
	[KVM_INTEL] = "kvm_intel",
	[KVM_AMD] = "kvm_amd",
};

static DEFINE_MUTEX(kvm_state_lock);
static u32 kvm_states[KVM_NR_MODULES];	/* enum vtdiag_kvm_state */

static u32 probe_module(const char *name)
{
	struct kset *modules = THIS_MODULE->mkobj.kobj.kset;
	struct module_kobject *mk;
	struct kobject *kobj;
	u32 state;

	kobj = kset_find_obj(modules, name);
	if (!kobj)
		return VTDIAG_KVM_ABSENT;
	mk = container_of(kobj, struct module_kobject, kobj);
	/* Built-in code with parameters has a module_kobject with no module. */
	if (!mk->mod)
		state = VTDIAG_KVM_BUILTIN;
	else if (READ_ONCE(mk->mod->state) == MODULE_STATE_LIVE)
		state = VTDIAG_KVM_LOADED;
	else
		state = VTDIAG_KVM_ABSENT;
	kobject_put(kobj);
	return state;
}

static int kvm_module_event(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct module *mod = data;
	bool changed;
	u32 state;
	int idx;

	idx = match_string(kvm_module_names, KVM_NR_MODULES, mod->name);
	if (idx < 0)
		return NOTIFY_DONE;
	if (action == MODULE_STATE_LIVE)
		state = VTDIAG_KVM_LOADED;
	else if (action == MODULE_STATE_GOING)
		state = VTDIAG_KVM_ABSENT;
	else
		return NOTIFY_DONE;

	mutex_lock(&kvm_state_lock);
	changed = kvm_states[idx] != state;
	kvm_states[idx] = state;
	mutex_unlock(&kvm_state_lock);

	if (changed) {
		struct vtdiag_change ev = {
			.type = VTDIAG_EVENT_KVM,
			.cpu = -1,
			.module = kvm_module_names[idx],
			.module_state = state,
		};

		vtdiag_notify(&ev);
	}
	return NOTIFY_OK;
}

static struct notifier_block kvm_module_nb = {
	.notifier_call = kvm_module_event,
};

/* States of "kvm" and of the vendor module @tech needs (absent if none). */
void vtdiag_kvm_states(u32 tech, u32 *core, u32 *vendor)
{
	mutex_lock(&kvm_state_lock);
	*core = kvm_states[KVM_CORE];
	if (tech == VTDIAG_TECH_VMX)
		*vendor = kvm_states[KVM_INTEL];
	else if (tech == VTDIAG_TECH_SVM)
		*vendor = kvm_states[KVM_AMD];
	else
		*vendor = VTDIAG_KVM_ABSENT;
	mutex_unlock(&kvm_state_lock);
}

int vtdiag_kvm_init(void)
{
	int err, i;

	err = register_module_notifier(&kvm_module_nb);
	if (err)
		return err;
	mutex_lock(&kvm_state_lock);
	for (i = 0; i < KVM_NR_MODULES; i++)
		kvm_states[i] = probe_module(kvm_module_names[i]);
	mutex_unlock(&kvm_state_lock);
	return 0;
}

void vtdiag_kvm_exit(void)
{
	unregister_module_notifier(&kvm_module_nb);
}
