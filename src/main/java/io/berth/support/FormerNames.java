package io.berth.support;

import com.pulumi.core.Alias;
import com.pulumi.core.Output;
import com.pulumi.deployment.Deployment;

/**
 * Pulumi aliases for resources that moved: a logical name and its parents are part of the URN, and
 * a resource whose URN changes is replaced in every live stack unless it carries an alias to the
 * URN it had. Keep an alias as long as any stack may still hold the old URN.
 */
public final class FormerNames {
    private FormerNames() {
    }

    /**
     * The resource was called {@code oldName} and was a child of the top-level component
     * {@code parentType} named {@code parentName} (a component that may no longer exist).
     */
    public static Alias under(String parentType, String parentName, String oldName) {
        // parentUrn before name: the SDK's builder (1.36.1) refuses parentUrn once a name is set
        return Alias.builder().parentUrn(Output.of(topLevelUrn(parentType, parentName))).name(oldName).build();
    }

    /** The top-level component had another type token and name. */
    public static Alias topLevel(String oldType, String oldName) {
        return Alias.builder().type(oldType).name(oldName).build();
    }

    /** The URN the engine gives a resource whose parent is the stack: {@code urn:pulumi:<stack>::<project>::<type>::<name>}. */
    static String topLevelUrn(String type, String name) {
        var deployment = Deployment.getInstance();
        return "urn:pulumi:" + deployment.getStackName() + "::" + deployment.getProjectName() + "::" + type + "::" + name;
    }
}
